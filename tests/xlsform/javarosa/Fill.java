// Fills XForms in JavaRosa (the engine of ODK Collect, inside the ODK Validate jar that ships
// with pyxform) the way Collect does, and prints what every bind evaluates to. Test-only: the
// differential test compiles this into a cache folder and runs many fills per JVM start.
//
// Input lines (tab-separated, values escaped \t \n \\):
//   FORM <xform.xml>     later fills use this form
//   R <repeat ref>\t<n>  the repeat at this ref (e.g. /hh[1]/members) gets n instances
//   A <ref>\t<value>     the answer at this ref (e.g. /hh[1]/members[2]/age[1])
//   GO <label>           fill the form from the start, answering in document order
// Output per fill: "FILL <label>", then per leaf node
//   "N <ref>\t<relevant 0|1>\t<required 0|1>\t<constraint -|0|1>\t<value>", then "END", or
//   "ERR <message>".
// Refs leave out the root element; every step carries its 1-based index.

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.FormIndex;
import org.javarosa.core.model.data.AnswerDataFactory;
import org.javarosa.core.model.data.IAnswerData;
import org.javarosa.core.model.data.UncastData;
import org.javarosa.core.model.instance.FormInstance;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeElement;
import org.javarosa.core.model.instance.TreeReference;
import org.javarosa.core.services.PropertyManager;
import org.javarosa.core.services.PrototypeManager;
import org.javarosa.core.services.storage.StorageManager;
import org.javarosa.core.services.storage.util.DummyIndexedStorageUtility;
import org.javarosa.form.api.FormEntryController;
import org.javarosa.form.api.FormEntryModel;
import org.javarosa.model.xform.XFormsModule;
import org.javarosa.xform.parse.XFormParser;
import org.javarosa.xform.util.XFormUtils;
import org.javarosa.xpath.expr.XPathFuncExpr;
import org.javarosa.xpath.expr.XPathPathExpr;
import org.opendatakit.validate.StubPropertyManager;
import org.opendatakit.validate.StubSetGeopointActionHandler;

public class Fill {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        new XFormsModule().registerModule();
        PropertyManager.setPropertyManager(new StubPropertyManager());
        StorageManager.setStorageFactory((name, type) -> new DummyIndexedStorageUtility<>(), true);
        // As ODK Validate does: a start-geopoint gets a stub location (a laptop has none).
        PrototypeManager.registerPrototype("org.opendatakit.validate.StubSetGeopointAction");
        XFormParser.registerActionHandler("setgeopoint", new StubSetGeopointActionHandler());
        String form = null;
        Map<String, Integer> repeats = new HashMap<>();
        Map<String, String> answers = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("FORM ")) {
                form = line.substring(5);
            } else if (line.startsWith("R ")) {
                String[] parts = line.substring(2).split("\t", 2);
                repeats.put(parts[0], Integer.parseInt(parts[1]));
            } else if (line.startsWith("A ")) {
                String[] parts = line.substring(2).split("\t", 2);
                answers.put(parts[0], unescape(parts[1]));
            } else if (line.startsWith("GO ")) {
                out.println("FILL " + line.substring(3));
                try {
                    fill(form, repeats, answers, out);
                    out.println("END");
                } catch (Throwable error) {
                    if (System.getenv("FILL_TRACE") != null) error.printStackTrace();
                    out.println("ERR " + escape(String.valueOf(error)));
                }
                out.flush();
                repeats.clear();
                answers.clear();
            }
        }
        out.flush();
    }

    static String parsedPath;
    static FormDef parsed;
    static FormInstance pristine;

    static void fill(String path, Map<String, Integer> repeats, Map<String, String> answers, PrintWriter out)
            throws Exception {
        // Parsing a large form takes seconds: it is parsed once, and each fill starts from a
        // copy of its untouched instance.
        if (!path.equals(parsedPath)) {
            try (FileInputStream stream = new FileInputStream(path)) {
                parsed = XFormUtils.getFormFromInputStream(stream);
            }
            pristine = parsed.getMainInstance().clone();
            parsedPath = path;
        }
        FormDef def = parsed;
        def.setInstance(pristine.clone());
        def.initialize(true, new InstanceInitializationFactory());
        FormEntryModel model = new FormEntryModel(def);
        FormEntryController controller = new FormEntryController(model);
        int event;
        while ((event = controller.stepToNextEvent()) != FormEntryController.EVENT_END_OF_FORM) {
            FormIndex index = model.getFormIndex();
            if (event == FormEntryController.EVENT_PROMPT_NEW_REPEAT) {
                TreeReference ref = index.getReference();
                String repeat = refText(ref, ref.size() - 1) + "/" + ref.getNameLast();
                int wanted = repeats.getOrDefault(repeat, 0);
                if (ref.getMultiplicity(ref.size() - 1) < wanted) {
                    controller.newRepeat();
                }
            } else if (event == FormEntryController.EVENT_QUESTION) {
                TreeReference ref = index.getReference();
                String value = answers.get(refText(ref, ref.size()));
                if (value != null) {
                    TreeElement node = def.getMainInstance().resolveReference(ref);
                    IAnswerData data = AnswerDataFactory.templateByDataType(node.getDataType())
                        .cast(new UncastData(value));
                    controller.saveAnswer(index, data, true);
                }
            }
        }
        dump(def, def.getMainInstance().getRoot(), out);
    }

    static void dump(FormDef def, TreeElement element, PrintWriter out) {
        for (int i = 0; i < element.getNumChildren(); i++) {
            TreeElement child = element.getChildAt(i);
            if (child.getMult() == TreeReference.INDEX_TEMPLATE) {
                continue;
            }
            if (child.getNumChildren() > 0) {
                dump(def, child, out);
                continue;
            }
            TreeReference ref = child.getRef();
            IAnswerData value = child.getValue();
            String constraint = "-";
            if (child.getConstraint() != null && value != null) {
                constraint = def.evaluateConstraint(ref, value) ? "1" : "0";
            }
            String text = XPathFuncExpr.toString(XPathPathExpr.unpackValue(value));
            out.println("N " + refText(ref, ref.size()) + "\t" + (child.isRelevant() ? "1" : "0")
                + "\t" + (child.isRequired() ? "1" : "0") + "\t" + constraint + "\t" + escape(text));
        }
    }

    static String refText(TreeReference ref, int steps) {
        StringBuilder text = new StringBuilder();
        for (int level = 1; level < steps; level++) {
            int mult = ref.getMultiplicity(level);
            text.append('/').append(ref.getName(level)).append('[').append(Math.max(mult, 0) + 1).append(']');
        }
        return text.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String text) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                result.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }
}
