<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AcknowledgeEditor</name>
    <message>
        <source>确认(OK)</source>
        <translation>Confirm (OK)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>正在生成示例数据…</source>
        <translation>Writing the sample batch…</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>分配小区</source>
        <translation>Assign compounds</translation>
    </message>
    <message>
        <source>{name} 负责哪些小区?它只接收这些小区的名册、征询和意见。</source>
        <translation>Which compounds does {name} work in? It receives only these compounds&apos; rosters, rounds and votes.</translation>
    </message>
    <message>
        <source>全部小区(包括以后新建的小区)</source>
        <translation>All compounds (including compounds created later)</translation>
    </message>
    <message>
        <source>空格键勾选当前小区,回车保存。取消某个小区后,这台电脑下次同步时会删除其他电脑记录的该小区数据;它自己记录的意见保留(中心文件已有)。</source>
        <translation>Space ticks the current compound, Enter saves. When a compound is taken away, this laptop deletes the other laptops&apos; data of that compound at its next sync; the votes it recorded itself stay (the central file has them).</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请至少勾选一个小区,或选择全部小区。</source>
        <translation>Tick at least one compound, or choose all compounds.</translation>
    </message>
</context>
<context>
    <name>BuildingProgressModel</name>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>同意 / 应征询</source>
        <translation>Agree / eligible</translation>
    </message>
    <message>
        <source>未表态</source>
        <translation>No response</translation>
    </message>
    <message>
        <source>尚未走访的住户</source>
        <translation>Households not yet reached</translation>
    </message>
    <message>
        <source>{name}号楼</source>
        <translation>Building {name}</translation>
    </message>
    <message>
        <source>全部已走访</source>
        <translation>All reached</translation>
    </message>
</context>
<context>
    <name>ChoiceEditor</name>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>CloseRoundDialog</name>
    <message>
        <source>结束征询</source>
        <translation>Close the round</translation>
    </message>
    <message>
        <source>{code} {round}:最终结果</source>
        <translation>{code} {round}: final result</translation>
    </message>
    <message>
        <source>达到通过比例</source>
        <translation>Threshold reached</translation>
    </message>
    <message>
        <source>未达到 → 暂缓改造</source>
        <translation>Not reached → renovation deferred</translation>
    </message>
    <message>
        <source>应征询户数</source>
        <translation>Eligible households</translation>
    </message>
    <message>
        <source>同意率</source>
        <translation>Approval rate</translation>
    </message>
    <message>
        <source>通过比例</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>结果指纹(SHA-256,随结果一并冻结):</source>
        <translation>Result fingerprint (SHA-256, frozen with the result):</translation>
    </message>
    <message>
        <source>结束后本轮结果即冻结:之后收到的意见(如迟到的同步)会保留并标为逾期,但不再计入。</source>
        <translation>Closing freezes the result: votes that arrive later (e.g. by a late sync) are kept and marked late, but not counted.</translation>
    </message>
    <message numerus="yes">
        <source> 仍有 %n 户待核实,结束后将按“未同意”计。</source>
        <translation>
            <numerusform> %n household still awaits verification; it will count as &quot;not agree&quot;.</numerusform>
            <numerusform> %n households still await verification; they will count as &quot;not agree&quot;.</numerusform>
        </translation>
    </message>
    <message>
        <source>确认结束</source>
        <translation>Close the round</translation>
    </message>
    <message>
        <source>注意:本轮公布的截止日期 {ends} 尚未到(今天 {today})。</source>
        <translation>Note: the announced end date of this round, {ends}, is not reached yet (today is {today}). </translation>
    </message>
    <message numerus="yes">
        <source>注意:%n 台已登记的笔记本还没有本轮的意见同步到本机({names}),可能还有未同步的意见。</source>
        <translation>
            <numerusform>Note: %n enrolled laptop has no vote of this round here yet ({names}); it may hold votes not synced. </numerusform>
            <numerusform>Note: %n enrolled laptops have no vote of this round here yet ({names}); they may hold votes not synced. </numerusform>
        </translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CompoundDialog</name>
    <message>
        <source>编辑小区</source>
        <translation>Edit compound</translation>
    </message>
    <message>
        <source>新增小区</source>
        <translation>New compound</translation>
    </message>
    <message>
        <source>小区编码</source>
        <translation>Compound code</translation>
    </message>
    <message>
        <source>小区名称</source>
        <translation>Compound name</translation>
    </message>
    <message>
        <source>区</source>
        <translation>District</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street office</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>建成年份</source>
        <translation>Year built</translation>
    </message>
    <message>
        <source>如 NH-001</source>
        <translation>e.g. NH-001</translation>
    </message>
</context>
<context>
    <name>CompoundListModel</name>
    <message numerus="yes">
        <source>{place} · %n 户</source>
        <translation>
            <numerusform>{place} · %n household</numerusform>
            <numerusform>{place} · %n households</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompoundsView</name>
    <message>
        <source>小区与征询轮次</source>
        <translation>Compounds and rounds</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>街道 / 社区</source>
        <translation>Street / community</translation>
    </message>
    <message>
        <source>应征询户数</source>
        <translation>Eligible households</translation>
    </message>
    <message>
        <source>新增小区…</source>
        <translation>New compound…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>  轮次</source>
        <translation>  Round</translation>
    </message>
    <message>
        <source>开始征询…</source>
        <translation>Open the round…</translation>
    </message>
    <message>
        <source>结束征询…</source>
        <translation>Close the round…</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Tally</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>删除个人信息…</source>
        <translation>Erase personal data…</translation>
    </message>
    <message>
        <source>征询结果公示</source>
        <translation>Tally notice</translation>
    </message>
    <message>
        <source>征询结果公示(附分户名单)</source>
        <translation>Tally notice (with household list)</translation>
    </message>
    <message>
        <source>入户征询意见表(全小区)</source>
        <translation>Paper ballots (whole compound)</translation>
    </message>
    <message>
        <source>入户征询意见表(每页两份)</source>
        <translation>Paper ballots (two per page)</translation>
    </message>
    <message>
        <source>入户征询意见表(仅未表态住户,每页两份)</source>
        <translation>Paper ballots for households without an opinion (two per page)</translation>
    </message>
    <message>
        <source>入户征询意见表(一栋楼)…</source>
        <translation>Paper ballots (one building)…</translation>
    </message>
    <message>
        <source>走访清单(未表态住户及上次走访结果)</source>
        <translation>Visit list (households without an opinion, last visit)</translation>
    </message>
    <message>
        <source>需求清单</source>
        <translation>Needs list</translation>
    </message>
    <message>
        <source>入户调查表(全小区,预填已录入的回答)</source>
        <translation>Paper questionnaires (whole compound, answers so far filled in)</translation>
    </message>
    <message>
        <source>入户调查表(全小区,空白)</source>
        <translation>Paper questionnaires (whole compound, blank)</translation>
    </message>
    <message>
        <source>改造后满意度汇总(附需求清单对照)</source>
        <translation>Satisfaction after the works (beside the needs list)</translation>
    </message>
    <message>
        <source>选择楼栋</source>
        <translation>Choose a building</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
</context>
<context>
    <name>ConfirmVoteDialog</name>
    <message>
        <source>确认记录意见</source>
        <translation>Confirm the vote</translation>
    </message>
    <message>
        <source>{compound}({code})· {address} · {round} {topic}</source>
        <translation>{compound} ({code}) · {address} · {round} {topic}</translation>
    </message>
    <message>
        <source>意见:{choice}</source>
        <translation>Vote: {choice}</translation>
    </message>
    <message>
        <source>签字人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>{signer}({relation})</source>
        <translation>{signer} ({relation})</translation>
    </message>
    <message>
        <source>确认记录</source>
        <translation>Record it</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>无签名</source>
        <translation>No signature</translation>
    </message>
    <message>
        <source>{choice}({signer},{time})</source>
        <translation>{choice} ({signer}, {time})</translation>
    </message>
    <message>
        <source>未记录签字人</source>
        <translation>signer not recorded</translation>
    </message>
    <message>
        <source>这将替换此前的意见:{earlier}</source>
        <translation>This replaces the earlier vote: {earlier}</translation>
    </message>
    <message>
        <source>;</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>待核实的住户</source>
        <translation>Households awaiting verification</translation>
    </message>
    <message>
        <source>记录核实后的意见(将取代以上各条)</source>
        <translation>Record the verified vote (replaces all of the above)</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Vote</translation>
    </message>
    <message>
        <source>签字人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>核实说明</source>
        <translation>How it was verified</translation>
    </message>
    <message>
        <source>核实方式</source>
        <translation>Verified by</translation>
    </message>
    <message>
        <source>如 电话回访户主本人确认</source>
        <translation>e.g. confirmed by the head of household by phone</translation>
    </message>
    <message>
        <source>记录核实后的意见</source>
        <translation>Record the verified vote</translation>
    </message>
    <message>
        <source>没有待核实的住户。</source>
        <translation>No household awaits verification.</translation>
    </message>
    <message>
        <source>住户意见冲突 ({n})</source>
        <translation>Vote conflicts ({n})</translation>
    </message>
    <message>
        <source>规则/名册冲突 ({n})</source>
        <translation>Rule/roster conflicts ({n})</translation>
    </message>
    <message>
        <source>{code} {address} · {round}:{n} 条意见互相冲突</source>
        <translation>{code} {address} · {round}: {n} votes disagree</translation>
    </message>
    <message>
        <source>请选择核实后的意见</source>
        <translation>Choose the verified vote</translation>
    </message>
    <message>
        <source>核实冲突</source>
        <translation>Conflict verified</translation>
    </message>
</context>
<context>
    <name>CrashBox</name>
    <message>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>出了点问题,刚才的操作可能没有完成。</source>
        <translation>Something went wrong; what you just did may not have been completed.</translation>
    </message>
    <message>
        <source>已保存的数据都没有丢失。详细情况已写入日志文件:
{path}
请把这个文件发给负责技术支持的同事。</source>
        <translation>Nothing that was saved is lost. The details are in the log file:
{path}
Please send this file to the colleague who does technical support.</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>DeviceNameDialog</name>
    <message>
        <source>给本机起个名字</source>
        <translation>Name this laptop</translation>
    </message>
    <message>
        <source>本机名称和调查员会写进这个数据文件,随同步告诉办公室和其他笔记本(例如“解放街道-03”和“王芳”)。以后可在“设置”里修改。</source>
        <translation>This laptop&apos;s name and its surveyor are written into this data file and reach the office and the other laptops with each sync (e.g. “Jiefang-03” and “Wang Fang”). You can change them later in Settings.</translation>
    </message>
    <message>
        <source>本机名称(&amp;N)</source>
        <translation>Laptop &amp;name</translation>
    </message>
    <message>
        <source>调查员(&amp;S)</source>
        <translation>&amp;Surveyor</translation>
    </message>
    <message>
        <source>如 解放街道-03</source>
        <translation>e.g. Jiefang-03</translation>
    </message>
    <message>
        <source>使用这台电脑的调查员姓名</source>
        <translation>The name of the surveyor using this computer</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <source>{n} 台设备的记录未计入:待登记</source>
        <translation>Records of {n} device(s) not counted: awaiting enrolment</translation>
    </message>
</context>
<context>
    <name>DevicesView</name>
    <message>
        <source>待登记的设备</source>
        <translation>Devices awaiting the office</translation>
    </message>
    <message>
        <source>这些设备的记录已在本文件中,但不计入统计:它们的密钥还没有被办公室登记,或已被拒绝。登记前请与该电脑显示的密钥指纹核对。</source>
        <translation>This file holds these devices&apos; records but counts none of them: the office has not enrolled their keys yet, or rejected them. Before enrolling one, compare its key fingerprint with the one that laptop shows.</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>登记…</source>
        <translation>Enrol…</translation>
    </message>
    <message>
        <source>拒绝…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>按密钥指纹登记…</source>
        <translation>Enrol by key fingerprint…</translation>
    </message>
    <message>
        <source>入户调查电脑与分配的小区(每台电脑只接收分配给它的小区的数据):</source>
        <translation>Field laptops and their compounds (each laptop receives only the data of the compounds assigned to it):</translation>
    </message>
    <message>
        <source>分配的小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>分配小区…</source>
        <translation>Assign compounds…</translation>
    </message>
    <message>
        <source>服务器登录…</source>
        <translation>Server login…</translation>
    </message>
    <message>
        <source>在服务器上为选中的电脑重新创建登录(新密码只显示一次,旧密码随即失效)</source>
        <translation>Create the selected laptop&apos;s login on the server again (the new password is shown once; the old one stops working)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>(签名前,无密钥)</source>
        <translation>(from before signing, no key)</translation>
    </message>
    <message>
        <source>(尚未同步)</source>
        <translation>(not synced yet)</translation>
    </message>
    <message>
        <source>没有待登记的设备:本文件中的记录都已计入。</source>
        <translation>No device awaits the office: every record in this file is counted.</translation>
    </message>
    <message>
        <source>已拒绝(或已撤销)</source>
        <translation>Rejected (or revoked)</translation>
    </message>
    <message>
        <source>第 {seq} 条以后的记录未计入</source>
        <translation>Records after no. {seq} not counted</translation>
    </message>
    <message>
        <source>待登记</source>
        <translation>Awaiting enrolment</translation>
    </message>
    <message>
        <source>全部小区</source>
        <translation>All compounds</translation>
    </message>
    <message>
        <source>这台设备已被拒绝,不能再登记;请让它换一个新身份后再登记新的密钥指纹。</source>
        <translation>This device was rejected and cannot be enrolled again; have it take a new identity, then enrol its new key fingerprint.</translation>
    </message>
    <message>
        <source>登记和拒绝会同时写入服务器 {server}:登记的设备在服务器上得到自己的登录(密码只显示一次),拒绝的设备的登录随即停用。</source>
        <translation>Enrolments and rejections are also written to the server {server}: an enrolled device gets its own login on the server (its password shown once), a rejected device&apos;s login is disabled.</translation>
    </message>
    <message>
        <source>登记和拒绝会同时写入中心文件 {path}。</source>
        <translation>Enrolments and rejections are also written to the central file {path}.</translation>
    </message>
    <message>
        <source>尚未与中心文件同步过:登记和拒绝先写入本文件,下次同步时送到中心文件。</source>
        <translation>Not synced with a central file yet: enrolments and rejections are written to this file and reach the central file at the next sync.</translation>
    </message>
    <message>
        <source>正在写入…请勿拔出 U 盘</source>
        <translation>Writing… do not unplug the USB stick</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>未分配</source>
        <translation>Not assigned</translation>
    </message>
    <message>
        <source>已写入本文件,但未能写入中心文件:{reason}。请稍后再同步一次。</source>
        <translation>Written to this file, but not to the central file: {reason}. Sync again later.</translation>
    </message>
    <message>
        <source>已写入本文件(它的记录不计入统计),但服务器未能停用它的登录:{reason}。</source>
        <translation>Written to this file (its records are not counted), but the server could not disable its login: {reason}.</translation>
    </message>
    <message>
        <source>登记已写入服务器,但本机的服务器账户不能创建登录:请服务器管理员运行 survey-app server login &lt;服务器地址&gt; --fingerprint {fingerprint},再把显示的地址和密码交给这台电脑。</source>
        <translation>The enrolment is on the server, but this computer&apos;s server account may not create logins: ask the server&apos;s admin to run survey-app server login &lt;server address&gt; --fingerprint {fingerprint} and give the address and password it shows to that computer.</translation>
    </message>
    <message>
        <source>登记已写入本文件,但服务器上的登录没有创建:{reason}。服务器可以连接后,选中这台电脑点“服务器登录…”重试。</source>
        <translation>The enrolment is written to this file, but its login on the server was not created: {reason}. Once the server can be reached, select this laptop and press “Server login…” to try again.</translation>
    </message>
    <message>
        <source>已拒绝 {fingerprint}</source>
        <translation>Rejected {fingerprint}</translation>
    </message>
    <message>
        <source>已登记 {n} 台签名前的设备</source>
        <translation>Enrolled {n} device(s) from before signing</translation>
    </message>
    <message>
        <source>已登记 {fingerprint}({role})</source>
        <translation>Enrolled {fingerprint} ({role})</translation>
    </message>
    <message>
        <source>,已写入中心文件</source>
        <translation>, written to the central file</translation>
    </message>
    <message>
        <source>,已创建服务器登录</source>
        <translation>, server login created</translation>
    </message>
    <message>
        <source>,服务器登录已停用</source>
        <translation>, server login disabled</translation>
    </message>
    <message>
        <source>已为 {fingerprint} 分配:{compounds}</source>
        <translation>Assigned to {fingerprint}: {compounds}</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>登记设备</source>
        <translation>Enrol a device</translation>
    </message>
    <message>
        <source>输入笔记本电脑显示的密钥指纹(设置 → 本机):</source>
        <translation>Type the key fingerprint the laptop shows (Settings → This laptop):</translation>
    </message>
    <message>
        <source>登记 {name}?它的 {votes} 条意见({records} 条记录)将计入统计。</source>
        <translation>Enrol {name}? Its {votes} votes ({records} records) will be counted.</translation>
    </message>
    <message>
        <source>签名前的设备没有密钥:将按编号登记本文件中所有签名前的设备(入户调查)。</source>
        <translation>Devices from before signing have no key: every such device in this file is enrolled by its id (as field devices).</translation>
    </message>
    <message>
        <source>请与该电脑显示的密钥指纹逐位核对(可电话念给对方);不一致时不要登记。</source>
        <translation>Compare it digit by digit with the key fingerprint that laptop shows (read it over the phone if need be); do not enrol it if they differ.</translation>
    </message>
    <message>
        <source>入户调查(记录意见)</source>
        <translation>Field (records votes)</translation>
    </message>
    <message>
        <source>办公室(还可录入小区、名册和征询轮次)</source>
        <translation>Office (also compounds, rosters and rounds)</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EraseHouseholdDialog</name>
    <message>
        <source>删除个人信息</source>
        <translation>Erase personal data</translation>
    </message>
    <message>
        <source>删除哪一户的个人信息?(小区 {compound})</source>
        <translation>Whose personal data should be erased? (compound {compound})</translation>
    </message>
    <message>
        <source>将删除这一户的户主姓名、电话、备注、签字人、签名图片和调查中的文字回答,无法恢复。这一户仍在名册中,地址和意见照常计入统计。其他电脑和中心文件在下次同步时删除。此前导出或打印的文件不受影响。</source>
        <translation>This erases the household&apos;s head name, phone, notes, signer, signature images and the written answers of its surveys, for good. The household stays on the roster; its address and votes still count. Other laptops and the central file erase them at their next sync. Files exported or printed before are not affected.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出数据</source>
        <translation>Export data</translation>
    </message>
    <message>
        <source>导出各小区的汇总、住户、意见和需求调查;第一页说明文件内容、导出人、时间和来源文件。</source>
        <translation>Exports each compound&apos;s summary, households, votes and needs survey; the first sheet says what the file holds, who exported it, when and from which file.</translation>
    </message>
    <message>
        <source>完整导出(含个人信息)</source>
        <translation>Full export (personal data)</translation>
    </message>
    <message>
        <source>脱敏导出(用于分享)</source>
        <translation>Masked export (for sharing)</translation>
    </message>
    <message>
        <source>Excel 工作簿</source>
        <translation>Excel workbook</translation>
    </message>
    <message>
        <source>CSV 文件夹</source>
        <translation>CSV folder</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>姓名已遮盖(如 张*明),不含电话、备注、签名和自由填写的回答,可以发给设计单位等;仍含门牌地址。只有本机账户能打开导出的文件。</source>
        <translation>Names are masked as on the public notice; no phone numbers, notes, signatures or free-text answers, so it can go to the design institute and others; it still shows addresses. Only this computer account can open the exported files.</translation>
    </message>
    <message>
        <source>含户主姓名、电话、备注和全部调查回答,受《个人信息保护法》保护:请勿外传,用完删除。只有本机账户能打开导出的文件。</source>
        <translation>Holds the heads&apos; names, phone numbers, notes and every survey answer, protected under the Personal Information Protection Law: do not pass it on, delete it when done. Only this computer account can open the exported files.</translation>
    </message>
    <message>
        <source>选择导出位置</source>
        <translation>Choose where to export</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>请先选择导出位置</source>
        <translation>Choose where to export first</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出 {path}</source>
        <translation>Exported {path}</translation>
    </message>
    <message>
        <source>导出失败:{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
</context>
<context>
    <name>FileTaskDialog</name>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>欢迎使用老旧小区改造入户征询</source>
        <translation>Welcome to the residential renovation survey</translation>
    </message>
    <message>
        <source>还没有住户数据</source>
        <translation>No households yet</translation>
    </message>
    <message>
        <source>请导入社区网格办提供的住户名册(Excel 或 CSV,中文或英文表头均可),或先打开示例数据熟悉操作。示例数据保存在单独的文件中,不会混入正式数据。</source>
        <translation>Import the roster from the community grid office (Excel or CSV, Chinese or English headers), or open the sample batch to try things out. The sample is kept in a file of its own and never mixes with real data.</translation>
    </message>
    <message>
        <source>导入住户名册…</source>
        <translation>Import a roster…</translation>
    </message>
    <message>
        <source>打开示例数据</source>
        <translation>Open the sample batch</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ForgetPassphrasesBox</name>
    <message>
        <source>忘记记住的口令</source>
        <translation>Forget remembered passphrases</translation>
    </message>
    <message>
        <source>这台电脑为本程序记住了:</source>
        <translation>This computer remembers for survey-app:</translation>
    </message>
    <message>
        <source>忘记后,下次启动或同步时会重新询问口令;本次运行中已打开的文件仍可继续使用。文件本身没有任何改动。</source>
        <translation>Once forgotten, the next start or sync asks for the passphrase again; the files open in this run stay usable until it closes. Nothing in the files changes.</translation>
    </message>
    <message>
        <source>忘记这些口令</source>
        <translation>Forget them</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>服务器 {server} 的密码(只在本次运行中记住)</source>
        <translation>The password of the server {server} (held for this run only)</translation>
    </message>
    <message>
        <source>中心文件 {path} 的口令</source>
        <translation>Central file {path}: its passphrase</translation>
    </message>
    <message>
        <source>数据文件 {path} 的口令</source>
        <translation>Data file {path}: its passphrase</translation>
    </message>
</context>
<context>
    <name>FormCheck</name>
    <message>
        <source>{file}:不能使用,{n} 个问题</source>
        <translation>{file}: cannot be used, {n} problem(s)</translation>
    </message>
    <message>
        <source>{file}:可以使用 —《{title}》(表单编号 {form},版本 {version})</source>
        <translation>{file}: usable — “{title}” (form id {form}, version {version})</translation>
    </message>
    <message>
        <source>题目 {questions} 个(说明 {notes},计算 {calculations},自动记录 {metadata})</source>
        <translation>{questions} questions (notes {notes}, calculations {calculations}, recorded automatically {metadata})</translation>
    </message>
    <message>
        <source>分组 {groups} 个,重复组 {repeats} 个,选项表 {choice_lists} 个(共 {choices} 个选项)</source>
        <translation>{groups} groups, {repeats} repeats, {choice_lists} choice lists ({choices} choices)</translation>
    </message>
    <message>
        <source>语言:{languages}</source>
        <translation>Languages: {languages}</translation>
    </message>
    <message>
        <source>忽略(不影响回答){n} 项:</source>
        <translation>Ignored (changes no answer), {n}:</translation>
    </message>
    <message>
        <source>第 {row} 行</source>
        <translation>row {row}</translation>
    </message>
    <message>
        <source>(第 {rows} 行)</source>
        <translation> (row(s) {rows})</translation>
    </message>
</context>
<context>
    <name>FormSources</name>
    <message>
        <source>随软件提供</source>
        <translation>Shipped with the app</translation>
    </message>
    <message>
        <source>早期版本</source>
        <translation>Earlier version</translation>
    </message>
    <message>
        <source>办公室发布</source>
        <translation>Published by an office</translation>
    </message>
    <message>
        <source>本机没有此版本</source>
        <translation>Not on this computer</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>不支持</source>
        <translation>Unsupported</translation>
    </message>
    <message>
        <source>忽略</source>
        <translation>Ignored</translation>
    </message>
</context>
<context>
    <name>FormVersionsModel</name>
    <message>
        <source>表单编号</source>
        <translation>Form id</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>发布时间</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>发布设备</source>
        <translation>Published by</translation>
    </message>
    <message>
        <source>已答户数</source>
        <translation>Households answered</translation>
    </message>
    <message>
        <source>使用中</source>
        <translation>In use</translation>
    </message>
</context>
<context>
    <name>FormsView</name>
    <message>
        <source>表单与版本</source>
        <translation>Forms and versions</translation>
    </message>
    <message>
        <source>各笔记本电脑使用每个表单的“使用中”版本;办公室发布的新版本在下次同步时送到各笔记本电脑。已答户数:当前答案用该版本填写的住户。</source>
        <translation>Laptops use each form&apos;s version “in use”; a new version an office publishes reaches every laptop at its next sync. Households answered: those whose current answers were made with that version.</translation>
    </message>
    <message>
        <source>发布表单(&amp;P)…</source>
        <translation>&amp;Publish a form…</translation>
    </message>
</context>
<context>
    <name>HouseholdEditDialog</name>
    <message>
        <source>修改住户资料</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <source>户主(&amp;H)</source>
        <translation>&amp;Head of household</translation>
    </message>
    <message>
        <source>电话(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>建筑面积(&amp;A)</source>
        <translation>Floor &amp;area</translation>
    </message>
    <message>
        <source>应征询(&amp;E)</source>
        <translation>&amp;Eligible</translation>
    </message>
    <message>
        <source>计入应征询户数</source>
        <translation>Counted among the eligible households</translation>
    </message>
    <message>
        <source>修改记为办公室的一条名册记录(谁、何时);已结束的征询按结束时冻结的名单统计,不受影响。</source>
        <translation>The edit is kept as an office roster record (who, when); closed rounds count the list their close froze and do not change.</translation>
    </message>
    <message>
        <source>本户资料的历次修改(最早的在上):</source>
        <translation>Earlier versions of this household (oldest first):</translation>
    </message>
    <message>
        <source>未知设备</source>
        <translation>unknown device</translation>
    </message>
    <message>
        <source>{who} 修改</source>
        <translation>edited by {who}</translation>
    </message>
    <message>
        <source>名册导入({device})</source>
        <translation>roster import ({device})</translation>
    </message>
    <message>
        <source>;</source>
        <translation>; </translation>
    </message>
    <message>
        <source>首次导入</source>
        <translation>first import</translation>
    </message>
    <message>
        <source>未改动</source>
        <translation>nothing changed</translation>
    </message>
    <message>
        <source>{time} {what}:{changes}</source>
        <translation>{time} {what}: {changes}</translation>
    </message>
    <message>
        <source>(现行)</source>
        <translation> (in force)</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>head</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>phone</translation>
    </message>
    <message>
        <source>建筑面积</source>
        <translation>floor area</translation>
    </message>
    <message>
        <source>应征询</source>
        <translation>eligible</translation>
    </message>
    <message>
        <source>{field} {before} → {after}</source>
        <translation>{field} {before} → {after}</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>(空)</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>HouseholdList</name>
    <message numerus="yes">
        <source>%n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message>
        <source>显示(&amp;H)</source>
        <translation>S&amp;how</translation>
    </message>
    <message>
        <source>全部住户</source>
        <translation>All households</translation>
    </message>
    <message>
        <source>未走访</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>已走访未表态</source>
        <translation>Visited, no opinion</translation>
    </message>
    <message>
        <source>待核实</source>
        <translation>To verify</translation>
    </message>
    <message>
        <source>Alt+H:只显示本轮未走访、已走访未表态或待核实的住户</source>
        <translation>Alt+H: show only this round&apos;s households not visited, visited without an opinion, or to verify</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <source>{round} 征询意见</source>
        <translation>{round} vote</translation>
    </message>
    <message>
        <source>需求调查</source>
        <translation>Needs survey</translation>
    </message>
    <message>
        <source>住户信息</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>户主 {head}</source>
        <translation>Head: {head}</translation>
    </message>
    <message>
        <source>户主未登记</source>
        <translation>Head not registered</translation>
    </message>
    <message>
        <source>{name}({code})· {address} · {head}</source>
        <translation>{name} ({code}) · {address} · {head}</translation>
    </message>
    <message>
        <source>{round}:{state}</source>
        <translation>{round}: {state}</translation>
    </message>
    <message>
        <source>调查:✓ 已提交</source>
        <translation>Survey: ✓ submitted</translation>
    </message>
    <message>
        <source>调查:✎ 草稿</source>
        <translation>Survey: ✎ draft</translation>
    </message>
    <message>
        <source>调查:未填写</source>
        <translation>Survey: not started</translation>
    </message>
</context>
<context>
    <name>HouseholdTreeModel</name>
    <message>
        <source>住户</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>第1轮</source>
        <translation>Round 1</translation>
    </message>
    <message>
        <source>第2轮</source>
        <translation>Round 2</translation>
    </message>
    <message>
        <source>调查</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>走访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>不征询</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <source>最后一次走访:{outcome}({time})</source>
        <translation>Last visit: {outcome} ({time})</translation>
    </message>
    <message>
        <source>,约定 {day} 再访</source>
        <translation>, coming back on {day}</translation>
    </message>
    <message>
        <source>✓ 已调查</source>
        <translation>✓ Done</translation>
    </message>
    <message>
        <source>✎ 草稿</source>
        <translation>✎ Draft</translation>
    </message>
    <message>
        <source>有待核实的意见冲突</source>
        <translation>Conflicting votes to verify</translation>
    </message>
    <message>
        <source>已走访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>未走访</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>{name}号楼</source>
        <translation>Building {name}</translation>
    </message>
    <message>
        <source>{name}单元</source>
        <translation>Unit {name}</translation>
    </message>
</context>
<context>
    <name>ImageEditor</name>
    <message>
        <source>选择照片…</source>
        <translation>Choose a photo…</translation>
    </message>
    <message>
        <source>选择照片</source>
        <translation>Choose a photo</translation>
    </message>
    <message>
        <source>照片 (*.jpg *.jpeg *.png *.heic *.webp)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.heic *.webp)</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <source>整数</source>
        <translation>whole number</translation>
    </message>
    <message>
        <source>数字</source>
        <translation>number</translation>
    </message>
    <message>
        <source>时:分,如 09:30</source>
        <translation>hh:mm, e.g. 09:30</translation>
    </message>
    <message>
        <source>如 2027-03-01T09:30</source>
        <translation>e.g. 2027-03-01T09:30</translation>
    </message>
    <message>
        <source>纬度 经度,如 30.75 120.76</source>
        <translation>latitude longitude, e.g. 30.75 120.76</translation>
    </message>
    <message>
        <source>扫描或输入条码</source>
        <translation>scan or type the code</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>服务器登录</source>
        <translation>Server login</translation>
    </message>
    <message>
        <source>{name} 在服务器上的登录已创建。请交给这台电脑的使用人,在它的同步里填写:</source>
        <translation>The login of {name} on the server is created. Give it to the person using that computer, to type into its sync:</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>密码只显示这一次,关闭后无法再查看(本应用不保存它)。遗失时重新创建登录,旧密码随即失效。</source>
        <translation>The password is shown this once and cannot be seen again after closing (this app does not keep it). If it is lost, create the login again; the old password then stops working.</translation>
    </message>
    <message>
        <source>复制地址和密码</source>
        <translation>Copy address and password</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已复制到剪贴板。</source>
        <translation>Copied to the clipboard.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> 小区 </source>
        <translation> Compound </translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>导入住户名册…</source>
        <translation>Import a roster…</translation>
    </message>
    <message>
        <source>打开数据文件…</source>
        <translation>Open a data file…</translation>
    </message>
    <message>
        <source>打开示例数据</source>
        <translation>Open the sample batch</translation>
    </message>
    <message>
        <source>忘记记住的口令…</source>
        <translation>Forget remembered passphrases…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>查找住户</source>
        <translation>Find a household</translation>
    </message>
    <message>
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>本小区本轮进度(Ctrl+P)</source>
        <translation>This compound&apos;s progress in this round (Ctrl+P)</translation>
    </message>
    <message>
        <source>语言(&amp;L) Language</source>
        <translation>&amp;Language 语言</translation>
    </message>
    <message>
        <source>数据文件中有 {count} 处记录被改动或伪造:请运行“检查文件”</source>
        <translation>{count} records of this data file were altered or forged: run “Check file”</translation>
    </message>
    <message>
        <source>老旧小区改造入户征询</source>
        <translation>Residential renovation: door-to-door survey</translation>
    </message>
    <message>
        <source> [示例数据]</source>
        <translation> [sample data]</translation>
    </message>
    <message>
        <source>本机 {device} · {path}</source>
        <translation>Device {device} · {path}</translation>
    </message>
    <message>
        <source>示例数据未加密</source>
        <translation>Sample data not encrypted</translation>
    </message>
    <message>
        <source>数据文件未加密</source>
        <translation>Data file not encrypted</translation>
    </message>
    <message>
        <source>这个数据文件没有加密:用 survey-app encrypt --db 文件 加密它</source>
        <translation>This data file is not encrypted: encrypt it with survey-app encrypt --db FILE</translation>
    </message>
    <message>
        <source>查看并登记这些设备(办公 → 待登记的设备)</source>
        <translation>See and enrol these devices (Office → Devices awaiting the office)</translation>
    </message>
    <message>
        <source>已扫描调查表:{address},请录入纸质表上的回答</source>
        <translation>Questionnaire scanned: {address}; type in the answers from the paper form</translation>
    </message>
    <message>
        <source>已扫描征询表:{address}</source>
        <translation>Ballot scanned: {address}</translation>
    </message>
    <message>
        <source>没有找到“{text}”对应的住户</source>
        <translation>No household found for “{text}”</translation>
    </message>
    <message>
        <source>已保存:{address} {round}意见 {choice}</source>
        <translation>Saved: {address} {round} vote {choice}</translation>
    </message>
    <message>
        <source>打开数据文件</source>
        <translation>Open a data file</translation>
    </message>
    <message>
        <source>数据文件 (*.db *.sqlite)</source>
        <translation>Data files (*.db *.sqlite)</translation>
    </message>
    <message>
        <source>正在生成示例数据…</source>
        <translation>Writing the sample batch…</translation>
    </message>
    <message>
        <source>无法打开示例数据</source>
        <translation>Cannot open the sample batch</translation>
    </message>
    <message>
        <source>无法打开数据文件</source>
        <translation>Cannot open the data file</translation>
    </message>
    <message>
        <source>列出这台电脑为本程序记住的口令,确认后忘记它们</source>
        <translation>List the passphrases this computer remembers for survey-app and, once confirmed, forget them</translation>
    </message>
    <message>
        <source>这台电脑没有可用的系统钥匙串(如 Windows 凭据管理器、macOS 钥匙串、GNOME 钥匙串),本程序没有在这里记住任何口令。</source>
        <translation>This computer has no usable system keyring (such as Windows Credential Manager, the macOS Keychain or GNOME Keyring): survey-app has remembered no passphrase here.</translation>
    </message>
    <message>
        <source>这台电脑没有为打开的数据文件、启动时打开的数据文件或中心文件记住口令</source>
        <translation>This computer remembers no passphrase for the open data file, the data file opened at start or the central file</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>已忘记:{names}。文件没有任何改动,下次启动时会重新询问口令。</source>
        <translation>Forgotten: {names}. Nothing in the files changed; the next start asks for the passphrase again.</translation>
    </message>
    <message>
        <source>未能忘记:{names},请用系统的钥匙串工具删除。</source>
        <translation> Could not forget: {names}; remove them with the system's keyring tool.</translation>
    </message>
</context>
<context>
    <name>NewDataFileBox</name>
    <message>
        <source>数据文件不存在</source>
        <translation>Data file not found</translation>
    </message>
    <message>
        <source>找不到数据文件 {path}。</source>
        <translation>The data file {path} does not exist.</translation>
    </message>
    <message>
        <source>要在这里新建一个空的数据文件吗?如果路径写错了,请选“否”并检查路径。</source>
        <translation>Create a new, empty data file here? If the path is mistyped, choose No and check it.</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>设定中心文件口令</source>
        <translation>Set the central file&apos;s passphrase</translation>
    </message>
    <message>
        <source>设定数据文件口令</source>
        <translation>Set the data file&apos;s passphrase</translation>
    </message>
    <message>
        <source>新的中心文件会加密保存。请设定口令,所有电脑同步时都要输入它:</source>
        <translation>The new central file is kept encrypted. Set its passphrase; every computer enters it to sync:</translation>
    </message>
    <message>
        <source>本机数据文件会加密保存,电脑丢失时住户的个人信息不会泄露。请设定口令:</source>
        <translation>This computer&apos;s data file is kept encrypted, so a lost laptop gives away no resident&apos;s personal data. Set a passphrase:</translation>
    </message>
    <message>
        <source>口令(至少 {n} 个字符)</source>
        <translation>Passphrase (at least {n} characters)</translation>
    </message>
    <message>
        <source>再输入一次</source>
        <translation>Once more</translation>
    </message>
    <message>
        <source>口令无法找回,也没有人能替你重置,请记在安全的地方。忘记后中心文件就打不开了;各电脑上的记录仍在,可以新建中心文件,让每台电脑再同步一次。</source>
        <translation>The passphrase cannot be recovered, and nobody can reset it for you: keep it somewhere safe. If it is forgotten the central file cannot be opened; the records on each computer are still there, so create a new central file and have every computer sync once more.</translation>
    </message>
    <message>
        <source>口令无法找回,也没有人能替你重置,请记在安全的地方。忘记后本机文件就打不开了,但已同步的记录都安全地保存在中心文件里:新建数据文件、同步一次即可取回;只有还没同步的记录会丢失。</source>
        <translation>The passphrase cannot be recovered, and nobody can reset it for you: keep it somewhere safe. If it is forgotten this computer&apos;s file cannot be opened, but every synced record is safe in the central file: create a new data file and sync once to get them back; only records not yet synced are lost.</translation>
    </message>
    <message>
        <source>口令太短:至少 {n} 个字符</source>
        <translation>Too short: at least {n} characters</translation>
    </message>
    <message>
        <source>两次输入的口令不一样,请重新输入</source>
        <translation>The two passphrases differ: type them again</translation>
    </message>
</context>
<context>
    <name>OfficeMenu</name>
    <message>
        <source>办公(&amp;O)</source>
        <translation>&amp;Office</translation>
    </message>
    <message>
        <source>导入名册(预览)…</source>
        <translation>Import a roster (with preview)…</translation>
    </message>
    <message>
        <source>修改本户资料…</source>
        <translation>Edit this household…</translation>
    </message>
    <message>
        <source>导入线上表决结果…</source>
        <translation>Import online votes…</translation>
    </message>
    <message>
        <source>小区与征询轮次…</source>
        <translation>Compounds and rounds…</translation>
    </message>
    <message>
        <source>与中心文件同步…</source>
        <translation>Sync with the central file…</translation>
    </message>
    <message>
        <source>待核实的住户…</source>
        <translation>Households awaiting verification…</translation>
    </message>
    <message>
        <source>待登记的设备…</source>
        <translation>Devices awaiting the office…</translation>
    </message>
    <message>
        <source>统计…</source>
        <translation>Tally…</translation>
    </message>
    <message>
        <source>排名…</source>
        <translation>Ranking…</translation>
    </message>
    <message>
        <source>导出数据…</source>
        <translation>Export data…</translation>
    </message>
    <message>
        <source>表单与版本…</source>
        <translation>Forms and versions…</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
</context>
<context>
    <name>OnlineImportDialog</name>
    <message>
        <source>导入线上表决结果 — {code} 第{n}轮</source>
        <translation>Import online votes — {code} round {n}</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>预览(&amp;V)</source>
        <translation>Pre&amp;view</translation>
    </message>
    <message>
        <source>导入匹配的意见(&amp;I)</source>
        <translation>&amp;Import the matched votes</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>邻礼通等平台导出的 .xlsx 或 .csv</source>
        <translation>An .xlsx or .csv exported by an online voting platform (e.g. Linlitong)</translation>
    </message>
    <message>
        <source>选择线上表决结果</source>
        <translation>Choose the online vote export</translation>
    </message>
    <message>
        <source>表格 (*.xlsx *.xls *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.csv)</translation>
    </message>
    <message>
        <source>匹配 {n} 行,将导入为线上意见;已导入过 {done} 行;未匹配 {bad} 行(不导入)</source>
        <translation>Rows matching, to be imported as online votes: {n}; imported before: {done}; not matching (not imported): {bad}</translation>
    </message>
    <message>
        <source>已导入 {n} 条线上意见;已导入过 {done} 行;未匹配 {bad} 行(未导入)</source>
        <translation>Online votes imported: {n}; imported before: {done}; rows not matching (not imported): {bad}</translation>
    </message>
    <message>
        <source>第{row}行 {address} {name} → {choice}</source>
        <translation>Row {row} {address} {name} → {choice}</translation>
    </message>
    <message>
        <source>第{row}行 未匹配:{reason}</source>
        <translation>Row {row} not matched: {reason}</translation>
    </message>
</context>
<context>
    <name>OpenRoundDialog</name>
    <message>
        <source>开始{round}:{topic}</source>
        <translation>Open {round}: {topic}</translation>
    </message>
    <message>
        <source>通过比例</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>比较方式</source>
        <translation>Comparison</translation>
    </message>
    <message>
        <source>双过半</source>
        <translation>Double majority</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>如 90%、3/4 或 0.85</source>
        <translation>e.g. 90%, 3/4 or 0.85</translation>
    </message>
    <message>
        <source>以上(含本数,≥)</source>
        <translation>At least (inclusive, ≥)</translation>
    </message>
    <message>
        <source>超过(不含本数,&gt;)</source>
        <translation>More than (strict, &gt;)</translation>
    </message>
    <message>
        <source>同意户数和同意户建筑面积都须达到该比例</source>
        <translation>Both agreeing households and their floor area must reach it</translation>
    </message>
    <message>
        <source>写明</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>开始征询</source>
        <translation>Open the round</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>中心文件口令</source>
        <translation>Central file passphrase</translation>
    </message>
    <message>
        <source>数据文件口令</source>
        <translation>Data file passphrase</translation>
    </message>
    <message>
        <source>中心文件已加密。请输入办公室设定的中心文件口令:</source>
        <translation>The central file is encrypted. Enter the passphrase the office set for it:</translation>
    </message>
    <message>
        <source>本机数据文件已加密。请输入口令打开:</source>
        <translation>This computer&apos;s data file is encrypted. Enter its passphrase to open it:</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>忘记口令?本机已同步的记录都在中心文件里,见使用说明“忘记口令”。</source>
        <translation>Forgot it? Every record this computer synced is in the central file: see “Forgotten passphrase” in the guide.</translation>
    </message>
    <message>
        <source>请输入口令</source>
        <translation>Enter the passphrase</translation>
    </message>
    <message>
        <source>口令不对,请重新输入(文件没有任何改动)</source>
        <translation>Wrong passphrase: try again (nothing in the file was changed)</translation>
    </message>
</context>
<context>
    <name>PathRow</name>
    <message>
        <source>数据文件 (*.db *.sqlite)</source>
        <translation>Data files (*.db *.sqlite)</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>征询结果公示</source>
        <translation>Tally notice</translation>
    </message>
    <message>
        <source>入户征询意见表</source>
        <translation>Paper ballots</translation>
    </message>
    <message>
        <source>排名表</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>需求清单</source>
        <translation>Needs list</translation>
    </message>
    <message>
        <source>走访清单</source>
        <translation>Visit list</translation>
    </message>
    <message>
        <source>入户调查表</source>
        <translation>Paper questionnaire</translation>
    </message>
    <message>
        <source>满意度汇总</source>
        <translation>Satisfaction summary</translation>
    </message>
    <message>
        <source>{b}号楼</source>
        <translation>Building {b}</translation>
    </message>
    <message>
        <source>(仅未表态住户)</source>
        <translation>(households without an opinion)</translation>
    </message>
    <message>
        <source>打印预览:{title}</source>
        <translation>Print preview: {title}</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>取消生成</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在生成 PDF…</source>
        <translation>Making the PDF…</translation>
    </message>
    <message>
        <source>{title}:共 {n} 页,A4。</source>
        <translation>{title}: {n} pages, A4.</translation>
    </message>
    <message>
        <source>已取消生成</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>无法生成:{error}</source>
        <translation>Could not make the document: {error}</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>已保存 {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <source>已打印到文件 {path}</source>
        <translation>Printed to the file {path}</translation>
    </message>
    <message>
        <source>已发送到打印机 {printer}:共 {n} 页</source>
        <translation>Sent to the printer {printer}: {n} pages</translation>
    </message>
    <message>
        <source>默认打印机</source>
        <translation>the default printer</translation>
    </message>
</context>
<context>
    <name>ProfileView</name>
    <message>
        <source>住户编号</source>
        <translation>Household id</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>建筑面积</source>
        <translation>Floor area</translation>
    </message>
    <message>
        <source>性质</source>
        <translation>Tenure</translation>
    </message>
    <message>
        <source>应征询</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{address}({words})</source>
        <translation>{address} ({words})</translation>
    </message>
    <message>
        <source>{area} 平方米</source>
        <translation>{area} m²</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否(不计入应征询户数)</source>
        <translation>No (not counted among eligible households)</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>{round}尚未开始</source>
        <translation>{round} has not started</translation>
    </message>
    <message>
        <source>已同意 {agree} / {eligible} 户</source>
        <translation>{agree} of {eligible} households agree</translation>
    </message>
    <message>
        <source>已结束:同意 {agree} / {eligible} 户,通过</source>
        <translation>Closed: {agree} of {eligible} households agreed, passed</translation>
    </message>
    <message>
        <source>已结束:同意 {agree} / {eligible} 户,未达到 {pct} → 暂缓改造</source>
        <translation>Closed: {agree} of {eligible} households agreed, below {pct} → deferred</translation>
    </message>
    <message>
        <source>,已达到 {pct}</source>
        <translation>; {pct} reached</translation>
    </message>
    <message>
        <source>,已超过 {pct}</source>
        <translation>; more than {pct}</translation>
    </message>
    <message>
        <source>同意户建筑面积 {agree} / {eligible} ㎡,占 {rate}%</source>
        <translation>Agreeing floor area {agree} / {eligible} m², {rate}%</translation>
    </message>
    <message>
        <source>,面积已达到</source>
        <translation>; the area share is reached</translation>
    </message>
    <message>
        <source>,还需同意面积 {area} ㎡</source>
        <translation>; {area} m² more agreeing area needed</translation>
    </message>
    <message>
        <source>,同意面积还需超过 {area} ㎡</source>
        <translation>; more than {area} m² more agreeing area needed</translation>
    </message>
    <message>
        <source>未表态中已走访:{parts}</source>
        <translation>Visited without an opinion: {parts}</translation>
    </message>
    <message numerus="yes">
        <source>,还需 %n 户达到 {pct}</source>
        <translation>
            <numerusform>; %n more needed to reach {pct}</numerusform>
            <numerusform>; %n more needed to reach {pct}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>,还需 %n 户超过 {pct}</source>
        <translation>
            <numerusform>; %n more needed to pass {pct}</numerusform>
            <numerusform>; %n more needed to pass {pct}</numerusform>
        </translation>
    </message>
    <message>
        <source>,户数已够,面积占比 {area}% 未达到 {pct}</source>
        <translation>; enough households, but the floor area share {area}% is below {pct}</translation>
    </message>
    <message>
        <source>同意率 {rate}% · 不同意 {disagree} · 弃权 {abstain} · 未表态 {none}</source>
        <translation>Approval {rate}% · disagree {disagree} · abstain {abstain} · no response {none}</translation>
    </message>
    <message>
        <source> · ⚠ 待核实 {pending}</source>
        <translation> · ⚠ to verify {pending}</translation>
    </message>
    <message>
        <source> · 逾期 {late}(不计入)</source>
        <translation> · late {late} (not counted)</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>各楼栋进度(双击或按回车转到该楼栋第一户尚未走访的住户)</source>
        <translation>By building (double-click or Enter: go to the first household not yet reached)</translation>
    </message>
    <message>
        <source>提示:Ctrl+F 查找住户;扫描征询表二维码可直接打开该户。</source>
        <translation>Tip: Ctrl+F finds a household; scanning a ballot QR code opens it directly.</translation>
    </message>
    <message>
        <source>{name}({code})· {round} {topic} · {state}</source>
        <translation>{name} ({code}) · {round} {topic} · {state}</translation>
    </message>
    <message>
        <source>通过规则:{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
</context>
<context>
    <name>PublishFormDialog</name>
    <message>
        <source>发布表单</source>
        <translation>Publish a form</translation>
    </message>
    <message>
        <source>选择一个 XLSForm 表单文件(.xlsx),先检查,再确认发布:表单的新版本须在 settings 表中提高版本号;需求调查和满意度调查须保留其汇总所读的问题。</source>
        <translation>Choose an XLSForm file (.xlsx): it is checked first, then published when you confirm. A new version of a form needs a higher version on its settings sheet; the needs and satisfaction surveys must keep the questions their reports read.</translation>
    </message>
    <message>
        <source>表单文件路径,回车检查</source>
        <translation>Path of the form file; Enter checks it</translation>
    </message>
    <message>
        <source>检查(&amp;K)</source>
        <translation>Chec&amp;k</translation>
    </message>
    <message>
        <source>确认发布 {form} 版本 {version}(&amp;P)</source>
        <translation>&amp;Publish {form} version {version}</translation>
    </message>
    <message>
        <source>确认发布(&amp;P)</source>
        <translation>&amp;Publish</translation>
    </message>
    <message>
        <source>选择表单文件</source>
        <translation>Choose a form file</translation>
    </message>
    <message>
        <source>XLSForm 表单 (*.xlsx)</source>
        <translation>XLSForm forms (*.xlsx)</translation>
    </message>
    <message>
        <source>请先选择表单文件</source>
        <translation>Choose a form file first</translation>
    </message>
    <message>
        <source>正在检查 {file}…</source>
        <translation>Checking {file}…</translation>
    </message>
    <message>
        <source>不能发布:表单有 {n} 个问题,见上面的列表(按工作表和行)</source>
        <translation>Cannot be published: the form has {n} problem(s), listed above by sheet and row</translation>
    </message>
    <message>
        <source>不能发布:{reason}</source>
        <translation>Cannot be published: {reason}</translation>
    </message>
    <message>
        <source>可以发布《{title}》{form} 版本 {version}。发布后,各笔记本电脑在下次同步时收到,新的回答记下这个版本。</source>
        <translation>“{title}” {form} version {version} can be published. Once published, every laptop receives it at its next sync, and new answers record this version.</translation>
    </message>
    <message>
        <source>正在发布…</source>
        <translation>Publishing…</translation>
    </message>
    <message>
        <source>已发布 {form} 版本 {version}《{title}》,同步后各笔记本电脑即可使用</source>
        <translation>Published {form} version {version} (“{title}”); laptops can use it after their next sync</translation>
    </message>
</context>
<context>
    <name>RangeEditor</name>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>未选</source>
        <translation>not set</translation>
    </message>
</context>
<context>
    <name>RankingModel</name>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compound</translation>
    </message>
    <message>
        <source>应征询户数</source>
        <translation>Eligible households</translation>
    </message>
    <message>
        <source>{round} 同意</source>
        <translation>{round} agree</translation>
    </message>
    <message>
        <source>{round} 同意率</source>
        <translation>{round} rate</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
</context>
<context>
    <name>RankingView</name>
    <message>
        <source>排名(项目经理)</source>
        <translation>Ranking (project managers)</translation>
    </message>
    <message>
        <source>按</source>
        <translation>By</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>{round}同意率排名</source>
        <translation>{round} approval rate</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>筛选:小区编码或名称</source>
        <translation>Filter: compound code or name</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>共 {total} 个小区:通过 {passed},暂缓改造 {deferred};显示 {shown} 个</source>
        <translation>{total} compounds: {passed} passed, {deferred} deferred; {shown} shown</translation>
    </message>
    <message>
        <source>导出排名</source>
        <translation>Export the ranking</translation>
    </message>
    <message>
        <source>排名.xlsx</source>
        <translation>ranking.xlsx</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>已导出 {path}</source>
        <translation>Exported {path}</translation>
    </message>
    <message>
        <source>导出失败:{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>拒绝设备</source>
        <translation>Reject a device</translation>
    </message>
    <message>
        <source>拒绝 {name}?密钥指纹:</source>
        <translation>Reject {name}? Key fingerprint:</translation>
    </message>
    <message>
        <source>拒绝后,这台设备的 {votes} 条意见({records} 条记录)和它以后的记录都不计入统计,以后也不能再登记这个密钥。记录仍保留在文件中。</source>
        <translation>Once rejected, this device&apos;s {votes} votes ({records} records) and all its later records are counted nowhere, and this key cannot be enrolled again. The records stay in the file.</translation>
    </message>
    <message>
        <source>拒绝这台设备</source>
        <translation>Reject this device</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>入户调查</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本机是入户调查电脑:小区、名册、征询轮次和设备登记只由办公室电脑录入</source>
        <translation>This is a field laptop: compounds, rosters, rounds and enrolments are entered on an office laptop only</translation>
    </message>
</context>
<context>
    <name>RosterFields</name>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>单元</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>室</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>建筑面积</source>
        <translation>Floor area</translation>
    </message>
    <message>
        <source>性质</source>
        <translation>Tenure</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>应征询</source>
        <translation>Eligible</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>导入住户名册</source>
        <translation>Import a roster</translation>
    </message>
    <message>
        <source>名册文件</source>
        <translation>Roster file</translation>
    </message>
    <message>
        <source>小区编码</source>
        <translation>Compound code</translation>
    </message>
    <message>
        <source>小区名称</source>
        <translation>Compound name</translation>
    </message>
    <message>
        <source>街道(可选)</source>
        <translation>Street office (optional)</translation>
    </message>
    <message>
        <source>社区(可选)</source>
        <translation>Community (optional)</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>如 NH-001</source>
        <translation>e.g. NH-001</translation>
    </message>
    <message>
        <source>新小区请填写名称,如 东方新村</source>
        <translation>Name of a new compound, e.g. Dongfang Xincun</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>复制有误的行</source>
        <translation>Copy rejected rows</translation>
    </message>
    <message>
        <source>选择住户名册</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <source>住户名册 (*.xlsx *.csv)</source>
        <translation>Rosters (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>预览:选择文件后显示前几行和识别出的列</source>
        <translation>Preview: choose a file to see its first rows and the columns found</translation>
    </message>
    <message>
        <source>预览:第 {row} 行是表头,共 {count} 行数据;识别出的列:{fields}</source>
        <translation>Preview: row {row} is the header, {count} data rows; columns found: {fields}</translation>
    </message>
    <message>
        <source>请先选择一个能读出表头的名册文件(.xlsx 或 .csv)</source>
        <translation>First choose a roster file whose header can be read (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>小区编码无效:只能使用字母、数字、- 和 _(如 NH-001)</source>
        <translation>Invalid compound code: use letters, digits, - and _ only (e.g. NH-001)</translation>
    </message>
    <message>
        <source>新小区请填写名称</source>
        <translation>Enter a name for the new compound</translation>
    </message>
    <message>
        <source>导入 {imported} 户,未变化 {unchanged} 户,有误 {errors} 行</source>
        <translation>{imported} households imported, {unchanged} unchanged, {errors} rows rejected</translation>
    </message>
    <message>
        <source>,跳过表尾 {skipped} 行</source>
        <translation>, {skipped} footer rows skipped</translation>
    </message>
    <message>
        <source>第{round}轮已结束:本次名册只影响之后开始的征询</source>
        <translation>Round {round} is closed: this roster applies only to rounds opened after it</translation>
    </message>
    <message>
        <source>第{round}轮由旧版本结束,未保存应征询名单:本次名册会改变其统计</source>
        <translation>Round {round} was closed by an older version, which kept no list of eligible households: this roster changes its tally</translation>
    </message>
    <message>
        <source>第 {row} 行:{reason}</source>
        <translation>Row {row}: {reason}</translation>
    </message>
    <message>
        <source>出错了:{error}</source>
        <translation>Something went wrong: {error}</translation>
    </message>
</context>
<context>
    <name>RuleConflictsPanel</name>
    <message>
        <source>两台办公室电脑互不知情地写了不同的内容。在两者都同步后,保留其中一条,或重新保存小区、重新导入名册、重新开始本轮:新记录取代两者,同步后冲突解除。在此之前,轮次采用较严的规则。</source>
        <translation>Two office computers wrote different things without seeing each other. Once both have synced, keep one of them, or save the compound, import the roster or open the round again: the new record supersedes both and the conflict ends after the next sync. Until then, a round applies the stricter rule.</translation>
    </message>
    <message>
        <source>{code} · {round}的规则</source>
        <translation>{code} · rule of {round}</translation>
    </message>
    <message>
        <source>{code} {address} 的名册</source>
        <translation>{code} {address}: roster row</translation>
    </message>
    <message>
        <source>小区 {code}</source>
        <translation>Compound {code}</translation>
    </message>
    <message>
        <source>没有规则/名册冲突。</source>
        <translation>No rule or roster conflicts.</translation>
    </message>
    <message>
        <source>{subject}:{n} 条记录互相冲突</source>
        <translation>{subject}: {n} records conflict</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>查找住户:地址(3-2-501、3幢2单元501室)、户主姓名或拼音(lwj)、电话,或扫描征询表二维码  Ctrl+F</source>
        <translation>Find: address (3-2-501), head of household or its pinyin (lwj), phone, or scan a ballot QR code   Ctrl+F</translation>
    </message>
</context>
<context>
    <name>ServerPasswordDialog</name>
    <message>
        <source>服务器密码</source>
        <translation>Server password</translation>
    </message>
    <message>
        <source>连接服务器需要密码(账户见下)。请输入服务器管理员给的密码:</source>
        <translation>The server needs a password (the account is below). Type the password the server&apos;s admin gave you:</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>密码只保存在本次运行的内存中,用于本窗口的每次服务器操作;不会写入数据文件或本机设置,关闭程序后需要重新输入。</source>
        <translation>The password is kept in memory for this session only, for every server operation of this window; it is never written to the data file or this computer&apos;s settings, and is asked again after the app closes.</translation>
    </message>
    <message>
        <source>服务器拒绝登录:密码不对,请重新输入(没有任何改动)</source>
        <translation>The server refused the login: wrong password, type it again (nothing was changed)</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Type the password</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>本机名称</source>
        <translation>Laptop name</translation>
    </message>
    <message>
        <source>调查员</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <source>中心文件</source>
        <translation>Central file</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>数据文件</source>
        <translation>Data file</translation>
    </message>
    <message>
        <source>如 解放街道-01</source>
        <translation>e.g. 解放街道-01</translation>
    </message>
    <message>
        <source>记录意见时写入的调查员姓名</source>
        <translation>The surveyor name recorded with each vote</translation>
    </message>
    <message>
        <source>U 盘或共享文件夹中的 central.db</source>
        <translation>central.db on a USB stick or in a shared folder</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>本机名称、调查员和中心文件保存在当前数据文件中;语言和数据文件按当前系统用户保存,更换数据文件在下次启动时生效。</source>
        <translation>The laptop&apos;s name, the surveyor and the central file are kept in the open data file; the language and the data file are kept for this system user, and a new data file is used from the next start.</translation>
    </message>
    <message>
        <source>按本机时区显示时间(默认北京时间)</source>
        <translation>Show times in this computer&apos;s time zone (default: Beijing time)</translation>
    </message>
</context>
<context>
    <name>SurveyForm</name>
    <message>
        <source>第 {n} 组</source>
        <translation>Entry {n}</translation>
    </message>
    <message>
        <source>删除这一组</source>
        <translation>Remove this entry</translation>
    </message>
    <message>
        <source>+ 添加一组</source>
        <translation>+ Add an entry</translation>
    </message>
</context>
<context>
    <name>SurveyView</name>
    <message>
        <source>{title}({version})</source>
        <translation>{title} ({version})</translation>
    </message>
    <message>
        <source>此草稿按表单 {old} 版填写,已转为现用的 {new} 版。</source>
        <translation>This draft was filled in with version {old} of the form and is carried over to version {new} in use. </translation>
    </message>
    <message>
        <source>新版本中已没有位置、未转入的回答:{keys}</source>
        <translation>Answers the new version has no place for, not carried over: {keys}</translation>
    </message>
    <message>
        <source>无法打开需求调查表:{error}</source>
        <translation>Cannot open the needs survey: {error}</translation>
    </message>
    <message numerus="yes">
        <source>还有 %n 处需要填写或修改,已标在题目下方</source>
        <translation>
            <numerusform>%n answer still needs attention; see the message under the question</numerusform>
            <numerusform>%n answers still need attention; see the messages under the questions</numerusform>
        </translation>
    </message>
    <message>
        <source>✎ 草稿已自动保存(尚未提交)</source>
        <translation>✎ Draft saved automatically (not submitted yet)</translation>
    </message>
    <message>
        <source>✓ 已于 {time} 提交;修改后可重新提交</source>
        <translation>✓ Submitted on {time}; change and submit again if needed</translation>
    </message>
    <message>
        <source>尚未填写。每次修改都会自动保存为草稿。</source>
        <translation>Not started. Every change is saved as a draft at once.</translation>
    </message>
    <message>
        <source>提交调查</source>
        <translation>Submit survey</translation>
    </message>
    <message>
        <source>放弃草稿</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>打印调查表…</source>
        <translation>Print questionnaire…</translation>
    </message>
    <message>
        <source>本户的纸质调查表,预填已录入的回答,带本户二维码:扫码即回到本页录入</source>
        <translation>This household&apos;s paper questionnaire, with the answers so far and its QR code: scanning it brings you back here to type the answers in</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>与中心文件同步</source>
        <translation>Sync with the central file</translation>
    </message>
    <message>
        <source>把本机新记录的意见和名册送到中心文件,并取回其他电脑的记录。中心文件可以在 U 盘或共享文件夹里;第一次同步时会自动创建。全市的服务器:填写服务器地址 postgresql://用户@服务器/数据库(密码来自 PGPASSWORD 或 ~/.pgpass,没有时会询问,只在本次运行中记住)。</source>
        <translation>Sends this laptop&apos;s new votes and rosters to the central file and brings back the other laptops&apos; records. The central file can be on a USB stick or in a shared folder; the first sync creates it. A city server: type its address, postgresql://user@server/database (the password comes from PGPASSWORD or ~/.pgpass; without them it is asked, and kept for this session only).</translation>
    </message>
    <message>
        <source>中心文件路径,如 E:/central.db,或服务器地址 postgresql://…</source>
        <translation>Central file, e.g. E:/central.db, or a server, postgresql://…</translation>
    </message>
    <message>
        <source>开始同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>查看待核实…</source>
        <translation>Show households awaiting verification…</translation>
    </message>
    <message>
        <source>查看待登记设备…</source>
        <translation>See devices awaiting the office…</translation>
    </message>
    <message>
        <source>选择中心文件</source>
        <translation>Choose the central file</translation>
    </message>
    <message>
        <source>中心文件 (*.db)</source>
        <translation>Central file (*.db)</translation>
    </message>
    <message>
        <source>请先选择中心文件</source>
        <translation>Choose the central file first</translation>
    </message>
    <message>
        <source>需要中心文件的口令才能同步</source>
        <translation>Syncing needs the central file&apos;s passphrase</translation>
    </message>
    <message>
        <source>正在同步…请勿拔出 U 盘</source>
        <translation>Syncing… do not remove the USB stick</translation>
    </message>
    <message>
        <source>没有输入服务器密码:同步未进行,没有任何改动。</source>
        <translation>No server password given: nothing was synced, nothing changed.</translation>
    </message>
    <message>
        <source>详细信息:{message}</source>
        <translation>Details: {message}</translation>
    </message>
    <message>
        <source>同步未进行</source>
        <translation>Nothing was synced</translation>
    </message>
    <message>
        <source>同步没有成功</source>
        <translation>The sync did not succeed</translation>
    </message>
    <message>
        <source>同步完成:送出 {sent} 条,取回 {received} 条,待核实 {conflicts} 户</source>
        <translation>Sync done: {sent} records sent, {received} received, {conflicts} households awaiting verification</translation>
    </message>
    <message>
        <source>中心文件现有 {n} 条记录。</source>
        <translation>The central file now holds {n} records.</translation>
    </message>
    <message>
        <source>中心文件是这次新建的。</source>
        <translation>The central file was created by this sync.</translation>
    </message>
    <message>
        <source>本机数据文件曾从备份恢复:已从中心文件取回本机的 {n} 条记录。</source>
        <translation>This laptop&apos;s data file had been restored from a backup: {n} of its own records were taken back from the central file.</translation>
    </message>
    <message>
        <source>办公室已调整本机的小区:已删除不再分配给本机的小区的 {n} 条记录。</source>
        <translation>The office changed this laptop&apos;s compounds: {n} records of compounds no longer assigned to it were deleted.</translation>
    </message>
    <message>
        <source>设备 {name} 还缺 {n} 条记录未汇总到中心文件,请让它也同步一次。</source>
        <translation>Laptop {name} still has {n} records missing from the central file; sync it too.</translation>
    </message>
    <message>
        <source>有住户在两台电脑上记录了不同的意见,需要核实后重新记录。</source>
        <translation>Some households have different votes recorded on two laptops; verify them and record the vote again.</translation>
    </message>
</context>
<context>
    <name>TallyDashboard</name>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>应征询</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>同意率</source>
        <translation>Approval rate</translation>
    </message>
    <message>
        <source>同意率随时间变化(按天,红线为通过比例)</source>
        <translation>Approval rate over time (by day; the red line is the threshold)</translation>
    </message>
    <message>
        <source>还没有意见</source>
        <translation>No votes yet</translation>
    </message>
    <message>
        <source>统计:{code} {round}</source>
        <translation>Tally: {code} {round}</translation>
    </message>
    <message>
        <source>同意率 {rate}%(同意 {agree} ÷ 应征询 {eligible}),通过比例 {pct}</source>
        <translation>Approval rate {rate}% ({agree} agree ÷ {eligible} eligible), threshold {pct}</translation>
    </message>
    <message>
        <source>尚未开始</source>
        <translation>Not opened yet</translation>
    </message>
    <message>
        <source>达到通过比例</source>
        <translation>Threshold reached</translation>
    </message>
    <message>
        <source>未达到 → 暂缓改造</source>
        <translation>Not reached → renovation deferred</translation>
    </message>
    <message>
        <source>尚未达到,还需 {n} 户同意</source>
        <translation>Not reached yet: {n} more households must agree</translation>
    </message>
    <message>
        <source>征询中:</source>
        <translation>Under way: </translation>
    </message>
</context>
<context>
    <name>ThisLaptop</name>
    <message>
        <source>本机</source>
        <translation>This laptop</translation>
    </message>
    <message>
        <source>设备编号</source>
        <translation>Device id</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>所属办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <source>尚未同步:首次同步时记下中心文件所属的办公室</source>
        <translation>Not synced yet: the first sync records the office the central file belongs to</translation>
    </message>
    <message>
        <source>本机(本机持有办公室密钥)</source>
        <translation>This laptop (it holds the office key)</translation>
    </message>
    <message>
        <source>密钥指纹 {fingerprint}</source>
        <translation>Key fingerprint {fingerprint}</translation>
    </message>
    <message>
        <source>本机是办公室,记录都计入统计</source>
        <translation>This laptop is the office; its records all count</translation>
    </message>
    <message>
        <source>已登记:本机记录的意见计入统计</source>
        <translation>Enrolled: the votes recorded on this laptop are counted</translation>
    </message>
    <message>
        <source>尚未登记:本机记录的意见不计入统计。请把上面的密钥指纹告诉办公室。</source>
        <translation>Not enrolled yet: the votes recorded on this laptop are not counted. Give the office the key fingerprint above.</translation>
    </message>
</context>
<context>
    <name>VersionCard</name>
    <message>
        <source>电脑</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>现行(待办公室确认)</source>
        <translation>In force (until the office settles it)</translation>
    </message>
    <message>
        <source>保留这一条</source>
        <translation>Keep this one</translation>
    </message>
</context>
<context>
    <name>VisitBar</name>
    <message>
        <source>走访结果(&amp;J)</source>
        <translation>Visit outcome (&amp;J)</translation>
    </message>
    <message>
        <source>未表态时记录…</source>
        <translation>When no opinion is given…</translation>
    </message>
    <message>
        <source>住户没有表态时记录走访结果(不计入意见);Alt+J 转到这里,↑↓ 选择,回车记录</source>
        <translation>Record a visit that gave no opinion (never counted as one); Alt+J comes here, ↑↓ choose, Enter records</translation>
    </message>
    <message>
        <source>约定再访的日期</source>
        <translation>The day agreed to come back</translation>
    </message>
    <message>
        <source>走访备注(可不填)</source>
        <translation>Visit note (optional)</translation>
    </message>
    <message>
        <source>记录走访</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <source>尚无走访记录</source>
        <translation>No visit recorded yet</translation>
    </message>
    <message>
        <source>上次:{outcome} · {time}</source>
        <translation>Last: {outcome} · {time}</translation>
    </message>
    <message>
        <source> · 约定 {day} 再访</source>
        <translation> · coming back on {day}</translation>
    </message>
    <message>
        <source>(共 {n} 次)</source>
        <translation> ({n} visits)</translation>
    </message>
    <message>
        <source>请先选择走访结果</source>
        <translation>Choose the visit outcome first</translation>
    </message>
</context>
<context>
    <name>VoidVoteDialog</name>
    <message>
        <source>作废意见</source>
        <translation>Void vote</translation>
    </message>
    <message>
        <source>作废 {address} 的意见:{choice}({signer},{channel},{time})。作废后不再计入统计,记录保留在历史中。</source>
        <translation>Void the vote of {address}: {choice} ({signer}, {channel}, {time}). A voided vote counts nowhere; it stays in the history.</translation>
    </message>
    <message>
        <source>未记录签字人</source>
        <translation>no signer recorded</translation>
    </message>
    <message>
        <source>作废原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>例如:记错户了,应为 3-2-502</source>
        <translation>e.g. recorded on the wrong household, should be 3-2-502</translation>
    </message>
    <message>
        <source>确认作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VoteCard</name>
    <message>
        <source>本机 {device}</source>
        <translation>Laptop {device}</translation>
    </message>
    <message>
        <source>签字人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>调查员</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <source>电脑</source>
        <translation>Laptop</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>(无签名)</source>
        <translation>(no signature)</translation>
    </message>
</context>
<context>
    <name>VoteHistoryModel</name>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>意见</source>
        <translation>Vote</translation>
    </message>
    <message>
        <source>签字人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>已作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>当前</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>已替换</source>
        <translation>Replaced</translation>
    </message>
    <message>
        <source>作废:{reason}({who},{time})</source>
        <translation>Voided: {reason} ({who}, {time})</translation>
    </message>
</context>
<context>
    <name>VotePanel</name>
    <message>
        <source>快捷键 Alt+{n}</source>
        <translation>Shortcut Alt+{n}</translation>
    </message>
    <message>
        <source>签字人(&amp;S)</source>
        <translation>&amp;Signer</translation>
    </message>
    <message>
        <source>关系(&amp;R)</source>
        <translation>&amp;Relation</translation>
    </message>
    <message>
        <source>方式(&amp;W)</source>
        <translation>Chann&amp;el</translation>
    </message>
    <message>
        <source>拨打号码(&amp;P)</source>
        <translation>Number &amp;called</translation>
    </message>
    <message>
        <source>备注(&amp;N)</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>签字人姓名</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>受托人代签时写明委托书情况</source>
        <translation>For a proxy: the letter of authorisation</translation>
    </message>
    <message>
        <source>电话核实时拨打的号码</source>
        <translation>The number called, for a phone verification</translation>
    </message>
    <message>
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>作废记错的意见(如记错户),须写明原因</source>
        <translation>Void a vote recorded by mistake (e.g. on the wrong household); a reason is required</translation>
    </message>
    <message>
        <source>签名(用鼠标、手写笔或手指)</source>
        <translation>Signature (mouse, pen or finger)</translation>
    </message>
    <message>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <source>清除签名</source>
        <translation>Clear signature</translation>
    </message>
    <message>
        <source>记录意见…</source>
        <translation>Record vote…</translation>
    </message>
    <message>
        <source>本轮意见记录</source>
        <translation>Votes in this round</translation>
    </message>
    <message>
        <source>该户不在应征询范围内,不记录意见。</source>
        <translation>This household is not eligible; no vote is recorded.</translation>
    </message>
    <message>
        <source>{name}尚未开始:第1轮结束并达到通过比例后才能开始,现在不能记录意见。</source>
        <translation>{name} has not started: it opens only after round 1 closed and passed. No vote can be recorded now.</translation>
    </message>
    <message>
        <source>{name}尚未开始,现在不能记录意见。</source>
        <translation>{name} has not started; no vote can be recorded now.</translation>
    </message>
    <message>
        <source>{name}已于 {time} 结束,不再接受意见。</source>
        <translation>{name} closed on {time}; it accepts no more votes.</translation>
    </message>
    <message>
        <source>,截止 {date}</source>
        <translation>, until {date}</translation>
    </message>
    <message>
        <source>{name} · 进行中{ends}
通过规则:{rule}</source>
        <translation>{name} · open{ends}
Rule: {rule}</translation>
    </message>
    <message>
        <source>&lt;b&gt;当前意见:&lt;/b&gt;未表态</source>
        <translation>&lt;b&gt;Vote in force:&lt;/b&gt; no response yet</translation>
    </message>
    <message>
        <source>&lt;b&gt;⚠ 待核实:&lt;/b&gt;两台设备记录了不同的意见({choices}),计为“未同意”。请向住户确认后重新记录,新意见将替换这两条。</source>
        <translation>&lt;b&gt;⚠ To verify:&lt;/b&gt; two devices recorded different votes ({choices}); counted as “not agree”. Ask the household and record again: the new vote replaces both.</translation>
    </message>
    <message>
        <source>&lt;b&gt;当前意见:{choice}&lt;/b&gt; — {signer}({relation},{channel})· {time}</source>
        <translation>&lt;b&gt;Vote in force: {choice}&lt;/b&gt; — {signer} ({relation}, {channel}) · {time}</translation>
    </message>
    <message>
        <source>未记录签字人</source>
        <translation>signer not recorded</translation>
    </message>
    <message>
        <source>此前的意见:{choice}({signer},{time}),已被替换</source>
        <translation>Earlier vote: {choice} ({signer}, {time}), replaced</translation>
    </message>
    <message>
        <source>请按 Alt+1 同意、Alt+2 不同意、Alt+3 弃权,或用鼠标点击选择</source>
        <translation>Press Alt+1 agree, Alt+2 disagree, Alt+3 abstain, or click to choose</translation>
    </message>
    <message>
        <source>✎ 已恢复尚未记录的意见草稿({time})</source>
        <translation>✎ Restored a vote draft not yet recorded ({time})</translation>
    </message>
    <message>
        <source>请先选择 同意、不同意 或 弃权</source>
        <translation>First choose agree, disagree or abstain</translation>
    </message>
    <message>
        <source>请填写签字人姓名</source>
        <translation>Enter the signer&apos;s name</translation>
    </message>
    <message>
        <source>电话核实时,请填写拨打的号码</source>
        <translation>For a phone verification, enter the number called</translation>
    </message>
    <message>
        <source>受托人代签时,请在备注中写明委托书情况(委托人、受托人、日期)</source>
        <translation>A proxy signs: write the letter of authorisation in the note (who authorised whom, and when)</translation>
    </message>
</context>
<context>
    <name>_PassphraseDialog</name>
    <message>
        <source>显示口令</source>
        <translation>Show passphrase</translation>
    </message>
    <message>
        <source>在这台电脑上记住口令</source>
        <translation>Remember on this computer</translation>
    </message>
    <message>
        <source>口令保存在系统的钥匙串里:能登录这个系统账户的人都能打开这个文件。</source>
        <translation>The passphrase is kept in the system keyring: anyone who can log into this OS account can open this file.</translation>
    </message>
    <message>
        <source>这台电脑没有可用的系统钥匙串(如 Windows 凭据管理器、macOS 钥匙串、GNOME 钥匙串),不能记住口令,每次打开时输入即可。</source>
        <translation>This computer has no system keyring (such as Windows Credential Manager, the macOS Keychain or GNOME Keyring) to remember the passphrase in: enter it each time.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <source>放弃草稿</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>放弃这份未提交的调查草稿?已填写的内容将被清除。</source>
        <translation>Discard this unsubmitted draft? Its answers will be cleared.</translation>
    </message>
    <message>
        <source>意见尚未记录</source>
        <translation>Vote not recorded</translation>
    </message>
    <message>
        <source>{address} 的意见已选择或已签名,但还没有记录。</source>
        <translation>The vote of {address} is chosen or signed but not recorded yet.</translation>
    </message>
    <message>
        <source>离开本户前,请选择如何处理这份意见。</source>
        <translation>Before leaving this household, choose what to do with this vote.</translation>
    </message>
    <message>
        <source>记录意见…</source>
        <translation>Record vote…</translation>
    </message>
    <message>
        <source>保留草稿,稍后再记</source>
        <translation>Keep as draft, record later</translation>
    </message>
    <message>
        <source>放弃这份意见</source>
        <translation>Discard this vote</translation>
    </message>
    <message>
        <source>留在本户</source>
        <translation>Stay here</translation>
    </message>
</context>
</TS>
