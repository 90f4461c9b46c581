"""Read a statement's stance and medium from cue words: a small lexicon, not a sentiment model.

Stance (akc:stances): the attribution verb decides first, because it is the reporter's
own reading ('welcomed', 'condemned', 'urged'); then the words of the statement, strongest
cue first: a call ('should', 'must', 'urge') over criticism ('rogue', 'empty gestures',
'harm') over support ('support', 'positive'); a rejection ('reject', 'deny', 'refuse')
when nothing else is said; otherwise neutral.

Medium (akc:media): words of the attribution that say how it was said ('told reporters',
'a news conference', 'in a statement', 'a lecture', 'told RFA').
"""
from __future__ import annotations

import re

VERB_STANCE = {
    "supports": {"welcomed", "praised", "defended", "lauded", "hailed", "supported", "backed", "endorsed"},
    "criticises": {"criticised", "criticized", "condemned", "accused", "denounced", "slammed", "blamed", "blaming",
                   "complained", "warned", "warning"},
    "calls-for": {"urged", "urges", "urging", "called on", "calls on", "called for", "calls for", "appealed", "demanded"},
    "rejects": {"rejected", "denied", "dismissed", "refused"},
}
# Word cues in the statement, strongest first; each a regular expression over lowercase text.
TEXT_STANCE = (
    ("calls-for", r"\b(?:should|must|urge[sd]?|call(?:s|ed)? on|call(?:s|ed)? for|need(?:s)? to|demand(?:s|ed)?|"
                  r"ask(?:s|ed|ing)? (?:the|for)|appeal(?:s|ed)? for|request(?:s|ed|ing) (?:the|that|to))\b"),
    ("criticises", r"\b(?:rogue|empty gestures?|harm|weakness|legitimi[sz]e[ds]?|bogus|atrocit(?:y|ies)|nightmare|"
                   r"cannot rely|unable|fail(?:s|ed|ing)?|unjust(?:ly)?|brutal|crackdown|condemn\w*|critici[sz]\w*|"
                   r"violat\w*|abuses?|sham|illegitimate|degraded|blam\w+)\b"),
    ("supports", r"\b(?:support\w*|welcom\w*|positive|progress\w*|praise\w*|strategic partners?|reliable ally|"
                 r"important|sincere|strengthen\w*|cooperat\w*|reaffirm\w*|unity|good)\b"),
    ("rejects", r"\b(?:reject\w*|den(?:y|ies|ied)|refus\w*|dismiss\w*|not be allowed|no intention)\b"),
)

MEDIUM = (
    ("press-conference", r"\b(?:press|news) (?:conference|briefing)\b"),
    ("joint-statement", r"\bjoint statement\b"),
    ("press-release", r"\bpress release\b"),
    ("official-statement", r"\b(?:statement|communiqu[eé]|declaration)\b"),
    ("lecture", r"\blecture\b"),
    ("interview", r"\binterview\b"),
    ("remarks-to-reporters", r"\b(?:told|to) (?:reporters|journalists|the press)\b"),
    ("report", r"\breport\b(?! by)|\breport by\b"),
)


def stance(verb: str, text: str) -> str:
    """The stance of a statement from its attribution verb and its words.

    >>> stance("said", "If Hun Sen truly wants to help, he should cancel this trip")
    'calls-for'
    >>> stance("welcomed", "the initiatives led by Laos")
    'supports'
    >>> stance("said", "Hun Sen’s rogue diplomacy may do more harm than good")
    'criticises'
    >>> stance("said", "the two leaders would meet on Friday")
    'neutral'
    """
    verb = re.sub(r"\s+", " ", verb.lower())
    for concept, verbs in VERB_STANCE.items():
        if verb in verbs:
            return concept
    lowered = text.lower()
    for concept, pattern in TEXT_STANCE:
        if re.search(pattern, lowered):
            return concept
    return "neutral"


def medium(frame: str, hearer_is_media: bool = False) -> str | None:
    """How it was said, from the attribution's words; an interview when told to a news outlet.

    >>> medium("Foreign Minister Prak Sokhonn told reporters that")
    'remarks-to-reporters'
    >>> medium("the ministry said in a statement on Jan. 30")
    'official-statement'
    >>> medium("Tek Sok Lorn told RFA on Wednesday", hearer_is_media=True)
    'interview'
    """
    lowered = frame.lower()
    for concept, pattern in MEDIUM:
        if re.search(pattern, lowered):
            return concept
    return "interview" if hearer_is_media else None
