"""The words of speech: verbs and nouns that report what someone said, with their inflections.

Verbs come in three kinds, because what follows them differs:

* clausal verbs report a clause ('said that …', 'stressed the importance of …');
* directive verbs report an addressee and an action ('called on him to …', 'urged …');
* evaluative verbs report an act whose object is the content ('welcomed the initiative',
  'condemned the coup'): a statement's words then start with the verb.

Every inflection ('stresses', 'stressed', 'stressing') maps to the past form, the lemma a
cue carries ('say', 'tell' and 'add' keep their own, as the commonest).
"""
from __future__ import annotations

import re

_IRREGULAR_PAST = {"say": "said", "tell": "told", "write": "wrote", "deny": "denied", "reply": "replied"}
CLAUSAL_BASE = (
    "note stress suggest highlight reiterate reveal confirm warn argue insist explain state announce declare "
    "claim allege deny reply write report acknowledge admit emphasise emphasize reaffirm vow pledge complain "
    "predict assert question caution concede maintain underline underscore inform estimate promise agree"
).split()
DIRECTIVE_BASE = ("urge", "call on", "call for", "appeal", "demand")
EVALUATIVE_BASE = ("welcome", "praise", "defend", "criticise", "criticize", "condemn", "reject", "accuse", "describe",
                   "laud", "hail", "denounce", "dismiss", "slam", "blame", "express")


def inflections(base: str) -> dict[str, str]:
    """Every form of a speech verb, mapped to its past form.

    >>> sorted(inflections("deny").items())
    [('denied', 'denied'), ('denies', 'denied'), ('deny', 'denied'), ('denying', 'denied')]
    >>> inflections("call on")["calls on"]
    'called on'
    """
    verb, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    past = _IRREGULAR_PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb[:-1] + "ied" if verb.endswith("y") else verb + "ed")
    third = verb[:-1] + "ies" if verb.endswith("y") and verb not in ("say",) else verb + ("es" if verb.endswith(("s", "sh", "ch")) else "s")
    ing = (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing"
    return {f + tail: past + tail for f in (verb, past, third, ing)}


def _forms(bases) -> dict[str, str]:
    return {f: p for b in bases for f, p in inflections(b).items()}


SAY = {**{f: "say" for f in inflections("say")}, **{f: "tell" for f in inflections("tell")},
       **{f: "add" for f in inflections("add")}}
CLAUSAL = _forms(CLAUSAL_BASE)
DIRECTIVE = _forms(DIRECTIVE_BASE)
EVALUATIVE = _forms(EVALUATIVE_BASE)
LEMMAS = {**CLAUSAL, **DIRECTIVE, **EVALUATIVE, **SAY}
# Verbs whose object is often not speech ('claimed 877 lives', 'agreed on a plan'): a cue only
# before a clause ('that …', or one with its own verb) or, for some, 'to' and a verb.
NEED_CLAUSE = {"claimed", "predicted", "asserted", "questioned", "revealed", "confirmed", "reported", "maintained",
               "stated", "informed", "estimated", "agreed", "promised"}
TO_VERB = {"agreed", "promised", "pledged", "vowed"}
# Verbs that may follow their speaker: ', said X.', '» — underlined the commander' (never 'told':
# its object is the hearer).
INVERTIBLE = {"said", "says", "added", "wrote", "noted", "explained", "insisted", "argued", "warned", "stressed",
              "replied", "asked", "continued", "declared", "cautioned", "underlined", "emphasised", "emphasized",
              "informs", "informed", "reported", "stated"}
# Lemmas whose object is the content itself: the statement's words include the verb.
EVALUATIVE_LEMMAS = set(EVALUATIVE.values()) | {"denied", "rejected"}

# A dash and a speech verb end a quotation that lost its closing mark ('… further — said X').
DASH_ATTRIBUTION = re.compile(r"[,.!?]?\s*[—–]+\s*(?=(?:" + "|".join(sorted(INVERTIBLE, key=len, reverse=True)) + r")\b)")
