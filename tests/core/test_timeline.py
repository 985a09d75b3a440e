from survey_app.core.clock import shown_day
from survey_app.core.timeline import approval_by_day
from survey_app.core.votes import Choice, VoteFact


def vote(id, household, choice, when, replaces=(), device="d1", seq=1):
    return VoteFact(id, household, 1, choice, device, seq, when, replaces)


def test_a_changed_vote_counts_once_per_day_and_days_are_beijing_days():
    votes = [
        vote("a", "h1", Choice.AGREE, "2027-03-01T02:00:00.000000Z"),
        vote("b", "h2", Choice.DISAGREE, "2027-03-01T17:00:00.000000Z"),  # 3月2日 01:00 北京
        vote("c", "h2", Choice.AGREE, "2027-03-03T02:00:00.000000Z", replaces=("b",)),
    ]
    days = approval_by_day(votes, eligible={"h1", "h2", "h3", "h4"})
    assert [(d.day, d.agree, d.rate) for d in days] == [
        ("2027-03-01", 1, "25.00"),
        ("2027-03-02", 1, "25.00"),
        ("2027-03-03", 2, "50.00"),
    ]


def test_conflicts_and_late_votes_do_not_count():
    votes = [
        vote("a", "h1", Choice.AGREE, "2027-03-01T02:00:00Z", device="d1", seq=1),
        vote("b", "h1", Choice.DISAGREE, "2027-03-01T03:00:00Z", device="d2", seq=1),
        vote("c", "h2", Choice.AGREE, "2027-03-02T03:00:00Z", device="d1", seq=2),
    ]
    days = approval_by_day(votes, eligible={"h1", "h2"}, cutoff={"d1": 1, "d2": 1})
    assert [(d.day, d.agree) for d in days] == [("2027-03-01", 0)]
    assert shown_day("2027-03-01T16:00:00Z") == "2027-03-02"
