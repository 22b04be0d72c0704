def figure(briefing, value):
    return next(f for f in briefing.figures if value in f.value)


def test_seed_000_figures_say_what_they_count(seed_briefings):
    briefing = seed_briefings["000"]
    assert "population" in figure(briefing, "73,000").context
    assert "have left" in figure(briefing, "90%").context
    assert "killed" in figure(briefing, "at least three").context and "people" in figure(briefing, "at least three").context
    assert not any(f.value == "two" for f in briefing.figures)  # a bare small count is not a key figure


def test_seed_004_figures(seed_briefings):
    briefing = seed_briefings["004"]
    assert "pre-war population" in figure(briefing, "70,000").context
    assert "residents" in figure(briefing, "few thousand").context


def test_figures_are_verbatim_and_short(seed_briefings):
    for briefing in seed_briefings.values():
        assert 1 <= len(briefing.figures) <= 6
        for f in briefing.figures:
            assert f.value in f.context and f.value in briefing.text
            assert len(f.context.split()) <= 16
