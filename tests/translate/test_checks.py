def test_find_repetition_names_the_looping_phrase_and_its_count():
    from toolkit.translate.checks import find_repetition

    assert find_repetition("talks in the city in the city in the city ended") == ("in the city", 3)
    assert find_repetition("very, very good") is None
