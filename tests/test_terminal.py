from crosswire.terminal import _toll


def test_toll_shows_low_best_high() -> None:
    assert _toll({"low": 12, "best": 14, "high": 20}) == "12/14/20"


def test_toll_without_a_figure_says_so() -> None:
    assert _toll({"low": None, "best": None, "high": None}) == "not given"
    assert _toll({}) == "not given"
