"""The word lists of the stance rules that more than one step reads."""

from __future__ import annotations

PREPOSITIONS = frozenset("""in at on to with against about into toward towards over between after before during
than like including despite under across within without through for via near among of from upon beyond
behind amid around regarding""".split())
GROUP_HEADS = frozenset("""leaders leader officials official delegation delegations diplomats diplomat ministers
minister government governments representatives representative envoys envoy negotiators negotiator spokesman
spokeswoman spokesperson president members forces troops side authorities lawmakers
team army military people citizens parliament embassy ministry head chief heads chiefs presidents office
cabinet administration navy diplomat""".split())
DETERMINERS = frozenset("the a an this that these those any such no every each another".split())
POSSESSIVE_PRONOUNS = frozenset("its their his her our my".split())
GENERIC_NOUNS = ("proposal|proposals|plan|plans|offer|offers|idea|ideas|move|moves|deal|deals|agreement|"
                  "agreements|initiative|initiatives|request|requests|demand|demands|pressure|measure|measures|"
                  "step|steps|decision|decisions|resolution|resolutions|bill|bills|framework|scheme|approach|"
                  "call|calls|ultimatum|option|options|policy|policies|effort|efforts|project|solution|terms")
