"""The shipped spaCy syntax pipeline: verified offline loading, refusal of changed files, parses and
entities on plain sentences, and (with ../shared) its EWT, UNER and news test scores against the model card."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

from presslens import config
from presslens.text import syntax

TOOLS_DIR = config.PROJECT_DIR / "tools" / "syntax"


@pytest.fixture(scope="module")
def nlp():
    return syntax.load()


def _token(doc, text):
    return next(token for token in doc if token.text == text)


def test_shipped_model_verifies_and_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network used while loading the syntax model")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    syntax.verify_model_files()
    nlp = syntax._load_verified.__wrapped__(syntax.MODEL_DIR.resolve())
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer", "parser", "ner"]


def test_load_is_cached(nlp):
    assert syntax.load() is nlp


def test_shipped_model_stays_within_30_megabytes():
    total = sum(path.stat().st_size for path in syntax.MODEL_DIR.rglob("*") if path.is_file())
    assert 0 < total <= 30 * 1024 * 1024


def test_manifest_lists_every_file_and_the_model_card():
    listed = syntax.read_manifest(syntax.MODEL_DIR)
    assert set(listed) == set(syntax.model_files(syntax.MODEL_DIR))
    assert "MODEL_CARD.md" in listed


@pytest.fixture()
def model_copy(tmp_path):
    copy = tmp_path / "syntax"
    shutil.copytree(syntax.MODEL_DIR, copy)
    return copy


def test_a_changed_model_file_is_refused(model_copy):
    weights = model_copy / "parser" / "model"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x00")
    with pytest.raises(syntax.ModelFilesMismatch, match=r"changed: parser/model"):
        syntax.load(model_dir=model_copy)


def test_a_missing_or_an_unlisted_file_is_refused(model_copy):
    (model_copy / "ner" / "cfg").unlink()
    (model_copy / "extra.bin").write_bytes(b"\x01")
    with pytest.raises(syntax.ModelFilesMismatch, match=r"missing: ner/cfg; not in the manifest: extra.bin"):
        syntax.load(model_dir=model_copy)


def test_without_spacy_load_names_the_package_to_install():
    # A fresh interpreter where importing spaCy fails stands for an install without it.
    code = """
import sys
class BlockSpacy:
    def find_spec(self, name, path=None, target=None):
        if name == "spacy" or name.startswith("spacy."):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, BlockSpacy())
from presslens.text import syntax
try:
    syntax.load()
except ModuleNotFoundError as error:
    print(error)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'spacy>=3.8,<3.9'" in result.stdout


def test_parse_returns_one_doc_per_sentence_in_order(nlp):
    sentences = ["Russia rejected the proposal.", "", "The talks ended."]
    docs = syntax.parse(sentences, nlp=nlp)
    assert [doc.text for doc in docs] == sentences
    assert syntax.parse([], nlp=nlp) == []


def test_subject_and_object_of_a_simple_clause(nlp):
    doc = syntax.parse(["The minister rejected the proposal on Tuesday."], nlp=nlp)[0]
    verb = _token(doc, "rejected")
    assert (_token(doc, "minister").dep_, _token(doc, "minister").head) == ("nsubj", verb)
    assert (_token(doc, "proposal").dep_, _token(doc, "proposal").head) == ("obj", verb)
    assert verb.dep_ == "ROOT"


def test_passive_subject_and_agent(nlp):
    doc = syntax.parse(["The bill was signed by the president."], nlp=nlp)[0]
    verb = _token(doc, "signed")
    assert (_token(doc, "bill").dep_, _token(doc, "bill").head) == ("nsubj:pass", verb)
    assert (_token(doc, "president").dep_, _token(doc, "president").head) == ("obl:agent", verb)


def test_person_organisation_and_place(nlp):
    doc = syntax.parse(["Angela Merkel met officials of the United Nations in Paris on Monday."], nlp=nlp)[0]
    assert {(ent.text, ent.label_) for ent in doc.ents} == {
        ("Angela Merkel", "PERSON"), ("United Nations", "ORG"), ("Paris", "LOC")}


def test_parse_can_leave_out_the_entities(nlp):
    doc = syntax.parse(["Angela Merkel spoke."], nlp=nlp, disable=("ner",))[0]
    assert doc.ents == () and _token(doc, "spoke").dep_ == "ROOT"


@pytest.fixture(scope="module")
def tools():
    sys.path.insert(0, str(TOOLS_DIR))
    import convert
    import evaluate

    yield convert, evaluate
    sys.path.remove(str(TOOLS_DIR))


@pytest.mark.shared
@pytest.mark.slow
def test_ewt_test_scores_match_the_model_card(shared_dir, nlp, tools):
    convert, evaluate = tools
    gold = convert.parse_splits(nlp.vocab, root=shared_dir)["ewt-test"]
    with nlp.select_pipes(enable=list(evaluate.PARSE_COMPONENTS)):
        scores = evaluate.attachment_scores(gold, evaluate.predict_on_gold_tokens(nlp, gold))
    card = nlp.meta["presslens_scores"]["ewt-test"]
    for name in ("uas", "las", "las_conll18"):
        assert scores[name] == pytest.approx(card[name], abs=0.005), name


@pytest.mark.shared
@pytest.mark.slow
def test_held_out_entity_scores_match_the_model_card(shared_dir, nlp, tools):
    convert, evaluate = tools
    gold = convert.ner_splits(nlp.vocab, root=shared_dir)["ner-test"]
    with nlp.select_pipes(enable=list(evaluate.ENTITY_COMPONENTS)):
        scores = evaluate.entity_scores(gold, evaluate.predict_on_gold_tokens(nlp, gold))
    assert scores["ents_f"] == pytest.approx(nlp.meta["presslens_scores"]["ner-test"]["ents_f"], abs=0.005)


@pytest.mark.shared
@pytest.mark.slow
def test_held_out_news_entity_scores_match_the_model_card(shared_dir, nlp, tools):
    import news_ner

    _, evaluate = tools
    gold, _ = news_ner.news_splits(nlp.vocab, root=shared_dir)
    with nlp.select_pipes(enable=list(evaluate.ENTITY_COMPONENTS)):
        scores = evaluate.entity_scores(gold["news-test"], evaluate.predict_on_gold_tokens(nlp, gold["news-test"]))
    assert scores["entities"] == 455
    assert scores["ents_f"] == pytest.approx(nlp.meta["presslens_scores"]["news-test"]["ents_f"], abs=0.005)


def test_a_main_verb_the_parser_left_as_a_modifier_is_made_the_root(nlp):
    from spacy.tokens import Doc

    def built(words, heads, deps, tags, pos):
        return Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)

    # "Montana eliminated restrictions": the verb an amod of the noun, with a subject of its own
    montana = built(["Montana", "eliminated", "restrictions", "."], [1, 2, 2, 2], ["nsubj", "amod", "ROOT", "punct"],
                    ["NNP", "VBN", "NNS", "."], ["PROPN", "VERB", "NOUN", "PUNCT"])
    # "Senators sided with Democrats": the verb an acl of the noun
    senators = built(["Senators", "sided", "with", "Democrats", "."], [0, 0, 3, 1, 0],
                     ["ROOT", "acl", "case", "obl", "punct"], ["NNS", "VBD", "IN", "NNPS", "."],
                     ["NOUN", "VERB", "ADP", "PROPN", "PUNCT"])
    # "Dimon has expressed concerns": "has" the main verb, owning "expressed concerns"
    dimon = built(["Dimon", "has", "expressed", "concerns", "."], [1, 1, 3, 1, 1],
                  ["nsubj", "ROOT", "amod", "obj", "punct"], ["NNP", "VBZ", "VBN", "NNS", "."],
                  ["PROPN", "VERB", "VERB", "NOUN", "PUNCT"])
    # "A law passed by the House": a reduced relative clause, left as it is
    law = built(["A", "law", "passed", "by", "the", "House", "."], [1, 1, 1, 5, 5, 2, 1],
                ["det", "ROOT", "acl", "case", "det", "obl:agent", "punct"],
                ["DT", "NN", "VBN", "IN", "DT", "NNP", "."],
                ["DET", "NOUN", "VERB", "ADP", "DET", "PROPN", "PUNCT"])

    def arcs(doc):
        return [(token.text, token.dep_, token.head.text) for token in syntax.mend_verbs_read_as_modifiers(doc)]

    assert arcs(montana) == [("Montana", "nsubj", "eliminated"), ("eliminated", "ROOT", "eliminated"),
                             ("restrictions", "obj", "eliminated"), (".", "punct", "eliminated")]
    assert arcs(senators) == [("Senators", "nsubj", "sided"), ("sided", "ROOT", "sided"), ("with", "case", "Democrats"),
                              ("Democrats", "obl", "sided"), (".", "punct", "sided")]
    assert arcs(dimon) == [("Dimon", "nsubj", "expressed"), ("has", "aux", "expressed"),
                           ("expressed", "ROOT", "expressed"), ("concerns", "obj", "expressed"),
                           (".", "punct", "expressed")]
    assert arcs(law) == [("A", "det", "law"), ("law", "ROOT", "law"), ("passed", "acl", "law"), ("by", "case", "House"),
                         ("the", "det", "House"), ("House", "obl:agent", "passed"), (".", "punct", "law")]


def test_parse_mends_news_sentences_the_parser_reads_as_noun_phrases(nlp):
    docs = syntax.parse(["Montana eliminated restrictions in 1991, with other states following.",
                         "Sixteen Republican senators sided with Democrats Thursday in a vote of 68-31."], nlp=nlp)
    roots = [[token.text for token in doc if token.dep_ == "ROOT"] for doc in docs]
    subjects = [[token.text for token in doc if token.dep_ == "nsubj" and token.head.dep_ == "ROOT"] for doc in docs]
    assert roots == [["eliminated"], ["sided"]] and subjects == [["Montana"], ["senators"]]


def test_a_title_case_headline_is_read_in_sentence_case_but_keeps_its_words_and_names():
    body = ["Senate leaders demanded answers from Susan Rice on Sunday.", "Rice did not reply."]
    headline = "Lawmakers Keep Pressure on Rice, Hint Only Hearings Will Reveal Truth"
    assert syntax.headline_reading(headline, body) == "Lawmakers keep pressure on Rice, hint only hearings will reveal truth"
    assert syntax.headline_reading("Trump criticizes Justin Trudeau, says US won't endorse G7 statement", body) is None
    assert syntax.headline_reading("GOP Pushes Tax-Cut Plan", []) == "GOP pushes tax-cut plan"   # capitals kept


def test_parse_reads_a_spelling_and_hands_its_analysis_to_the_words_as_written(nlp):
    headline = "Obama Blasts Republicans On Budget"
    as_written = syntax.parse([headline], nlp=nlp)[0]
    read = syntax.parse([headline], nlp=nlp, read_as=[syntax.headline_reading(headline, ["Obama met Republicans."])])[0]
    assert read.text == headline and [token.text for token in read] == [token.text for token in as_written]
    assert as_written[1].dep_ != "ROOT"                                 # title case: "Blasts" misread
    assert (read[1].dep_, read[0].dep_, read[2].dep_) == ("ROOT", "nsubj", "obj")
    assert [entity.text for entity in read.ents] == ["Obama"]


def test_asides_of_news_sentences_are_parsed_apart_and_hung_on_the_name_before_them(nlp):
    text = "Sen. Richard Blumenthal, D-Conn., plans to introduce a bill."
    doc = syntax.parse([text], nlp=nlp)[0]
    assert doc.text == text and [token.text for token in doc] == [token.text for token in nlp.tokenizer(text)]
    words = {token.text: token for token in doc}
    assert (words["D"].dep_, words["D"].head.text) == ("parataxis", "Richard")
    assert (words["plans"].pos_, words["Richard"].dep_, words["introduce"].dep_) == ("VERB", "nsubj", "xcomp")
    dashes = syntax.parse(["Clinton – now secretary of state – complained about the ad."], nlp=nlp)[0]
    assert [(token.text, token.dep_) for token in dashes if token.dep_ in ("nsubj", "ROOT")] == [
        ("Clinton", "nsubj"), ("complained", "ROOT")]


@pytest.mark.parametrize(("sentence", "verb", "subject"), [
    ("Pelosi plans to bring the bill to the floor.", "plans", "Pelosi"),
    ("The White House plans to veto it.", "plans", "House"),
    ("Biden promises to act on climate.", "promises", "Biden"),
])
def test_a_verb_in_s_read_as_a_plural_noun_before_its_infinitive_is_made_the_verb(nlp, sentence, verb, subject):
    doc = syntax.parse([sentence], nlp=nlp)[0]
    root = next(token for token in doc if token.dep_ == "ROOT")
    assert (root.text, root.pos_, [child.text for child in root.children if child.dep_ == "nsubj"]) == (
        verb, "VERB", [subject])


def test_a_plural_noun_with_a_possessive_or_an_adjective_stays_a_noun(nlp):
    his = syntax.parse(["His plans to reform the tax code failed."], nlp=nlp)[0]
    assert next(token for token in his if token.text == "plans").pos_ == "NOUN"


def test_a_sentence_whose_aside_cannot_be_joined_back_is_parsed_as_written(nlp):
    text = "Sen. Richard Blumenthal, D-Conn.,  plans to introduce a bill."   # two spaces after the aside
    doc = syntax.parse([text], nlp=nlp)[0]
    assert doc.text == text and [token.text for token in doc] == [token.text for token in nlp.tokenizer(text)]


@pytest.mark.shared
def test_ewt_train_entity_annotations_rebuild_on_the_treebank_and_stay_clear_of_uner(shared_dir, nlp, tools):
    import ewt_ner

    docs = ewt_ner.silver_docs(nlp.vocab, root=shared_dir)
    assert len(docs) == len(ewt_ner.read_annotations())
    assert all(doc.user_data["sent_id"].split("-")[0] in {"answers", "email", "newsgroup", "reviews", "weblog"}
               for doc in docs)
    uner_ids = {doc.user_data["sent_id"] for docs_of_split in tools[0].ner_splits(nlp.vocab, root=shared_dir).values()
                for doc in docs_of_split}
    assert not uner_ids & {doc.user_data["sent_id"] for doc in docs}
    labels = {ent.label_ for doc in docs for ent in doc.ents}
    assert labels == {"PERSON", "ORG", "LOC"}


@pytest.mark.shared
def test_ewt_coders_agree_with_uner_annotators_as_the_model_card_says(shared_dir, nlp, tools):
    import ewt_ner

    check = ewt_ner.coder_check(nlp.vocab, root=shared_dir)
    assert check["entities"] > 250
    assert check["ents_f"] > 0.85
    assert f"F1\n  {check['ents_f']:.3f}" in (syntax.MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_ewt_entity_spans_outside_the_sentence_or_overlapping_are_refused(tools):
    import ewt_ner

    assert ewt_ner.iob_tags(4, [(1, 3, "ORG")], sent_id="s") == ["O", "B-ORG", "I-ORG", "O"]
    with pytest.raises(ValueError, match="s-7.*outside its 4 words or overlaps"):
        ewt_ner.iob_tags(4, [(2, 5, "LOC")], sent_id="s-7")
    with pytest.raises(ValueError, match="overlaps"):
        ewt_ner.iob_tags(4, [(0, 2, "PER"), (1, 3, "ORG")], sent_id="s-8")


def test_an_ewt_annotation_file_with_a_repeated_sentence_names_its_line(tmp_path, tools):
    import ewt_ner

    path = tmp_path / "annotations.jsonl"
    path.write_text('{"sent_id": "a-1", "entities": []}\n{"sent_id": "a-1", "entities": [[0, 1, "PER"]]}\n')
    with pytest.raises(ValueError, match="annotations.jsonl, line 2: sentence a-1"):
        ewt_ner.read_annotations(path)


def test_a_verb_in_s_that_tagger_and_morphologizer_disagree_on_is_mended_like_a_plural_noun(nlp):
    from spacy.tokens import Doc

    # "Blumenthal plans to introduce a bill" as a parser trained on EWT train + dev read it: tag VBZ, POS NOUN
    doc = Doc(nlp.vocab, words=["Blumenthal", "plans", "to", "introduce", "a", "bill", "."],
              heads=[1, 1, 3, 1, 5, 3, 1], deps=["nsubj", "ROOT", "mark", "acl", "det", "obj", "punct"],
              tags=["NNP", "VBZ", "TO", "VB", "DT", "NN", "."],
              pos=["PROPN", "NOUN", "PART", "VERB", "DET", "NOUN", "PUNCT"])
    mended = syntax.mend_verbs_read_as_modifiers(doc)
    assert (mended[1].pos_, mended[0].dep_, mended[3].dep_) == ("VERB", "nsubj", "xcomp")
