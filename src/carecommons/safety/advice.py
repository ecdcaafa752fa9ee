"""Replies that read as telling someone what to do medically.

Members share experience, not medical advice (community guidelines). The nudge fires on
three shapes of sentence addressed to the reader:

- a directive about medicines or treatment: "you should stop taking …", "increase your dose",
  "don't take your …", "you need to start …", "if I were you I'd stop …";
- a diagnosis of the reader or their relative: "you have lupus", "sounds like your son has
  cyclic neutropenia", "it's definitely leukaemia";
- dismissing their clinicians' treatment: "you don't need the biopsy", "ignore your doctor".

It stays quiet on the author's own experience ("I stopped taking it and …"), on pointing to
the care team ("you should ask your doctor about …", "talk to your hematologist whether to
stop"), and on kind words ("you have every right to worry").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MEDICAL_ACTION = (
    r"(?:stop|stopping|quit|quitting|start|starting|take|taking|increase|increasing|decrease|"
    r"decreasing|reduce|reducing|double|doubling|halve|halving|skip|skipping|cut|cutting|"
    r"lower|lowering|raise|raising|switch|switching|wean|weaning|go off|come off|get off|"
    r"drop|dropping|refuse|refusing|avoid|avoiding|try|trying|use|using|give him|give her|"
    r"give them|give your)"
)
_MEDICAL_OBJECT = (
    r"(?:dose|doses|dosage|medication|medications|medicine|meds|pills?|tablets?|antibiotics?|"
    r"steroids?|prednisone|chemo\w*|treatment|injections?|shots?|g-?csf|neupogen|neulasta|"
    r"filgrastim|insulin|augmentin|amoxicillin|ibuprofen|acetaminophen|paracetamol|tylenol|advil|"
    r"aspirin|supplements?|vitamins?|herbs?|mg\b|"
    r"[a-z]+(?:mab|nib|pril|sartan|olol|statin|azole|cillin|mycin|cycline|floxacin|pine|pam|"
    r"lam|done|sone|lone|tide))"
)
_YOU_SHOULD = (
    r"\b(?:you|u|he|she|they|your (?:son|daughter|husband|wife|child|kid|baby|partner))\s+"
    r"(?:should(?:n't| not)?|must(?:n't| not)?|need to|needs to|have to|has to|ought to|had better|"
    r"better)\s+(?:definitely\s+|really\s+|just\s+|probably\s+)?"
)
_DIRECTIVES = [
    _YOU_SHOULD + _MEDICAL_ACTION + r"\b(?:\W+\w+){0,4}?\W+" + _MEDICAL_OBJECT,
    _YOU_SHOULD + r"(?:stop|quit|start|increase|decrease|double|skip|cut|refuse)\b",
    r"(?:^|[.!?;:,]\s*|\b(?:just|simply|so|then|and)\s+)(?:stop|quit|increase|decrease|reduce|"
    r"double|halve|skip|cut|lower|raise|up|drop)\s+(?:taking\s+|giving\s+)?(?:your|his|her|the|"
    r"their)\s+"
    r"(?:\w+\s+){0,2}?" + _MEDICAL_OBJECT,
    r"(?:^|[.!?;:,]\s*)(?:do not|don't|never)\s+(?:take|give|start|"
    r"let them give)\s+(?:\w+\s+){0,2}?" + _MEDICAL_OBJECT,
    r"(?:^|[.!?;:,]\s*)(?:take|give (?:him|her|them))\s+(?:\d+\s*mg|more|extra|less|double)\b",
    r"\bif i were you,?\s+i(?:'d| would)\s+(?:\w+\s+){0,2}?" + _MEDICAL_ACTION + r"\b",
    r"\byou (?:don't|do not|doesn't|does not) need (?:the|that|your|a|any|"
    r"to take)\s+(?:\w+\s+){0,2}?"
    r"(?:biopsy|biopsies|chemo\w*|treatment|medication|meds|antibiotics|transplant|surgery|"
    r"g-?csf|injections?|doctor|hematologist|oncologist)\b",
    r"\b(?:ignore|don't listen to|do not listen to|don't trust|do not trust)\s+(?:your|his|her|"
    r"the)\s+"
    r"(?:doctors?|hematologist|haematologist|oncologist|care team|specialist)\b",
]
_CONDITION = (
    r"(?:[a-z-]*(?:itis|emia|aemia|oma|osis|penia|pathy|cytosis|plasia)|cancer|leuka?emia|"
    r"lymphoma|lupus|sepsis|an? infection|infection|syndrome|disease|disorder|deficiency|"
    r"(?:me/)?cfs|chronic fatigue|mds|aml|all|cll|hiv|ebv|cmv|mono|covid|diabetes|"
    r"kostmann|sle|ra)"
)
_DIAGNOSES = [
    r"\b(?:you|u|your (?:son|daughter|husband|wife|child|kid|baby|partner))\s+"
    r"(?:definitely\s+|probably\s+|clearly\s+|obviously\s+|most likely\s+|surely\s+)?"
    r"(?:have|has|'ve got|have got|has got|'s got|are suffering from|is suffering from)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?" + _CONDITION + r"\b",
    r"\b(?:sounds|looks) like (?:you|he|she|your \w+)(?:'ve| have| has|'s| got)?\s+(?:got\s+)?"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}?" + _CONDITION + r"\b",
    r"\b(?:it|that|this)(?:'s| is) (?:definitely|clearly|obviously|surely|probably|"
    r"almost certainly)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}?" + _CONDITION + r"\b",
]
_ADVICE = re.compile("|".join(f"(?:{p})" for p in [*_DIRECTIVES, *_DIAGNOSES]), re.IGNORECASE)

# Pointing the reader to their clinicians is the advice we want members to give.
_ASKS_CLINICIAN = re.compile(
    r"\b(?:ask|asking|talk to|talking to|speak to|speak with|check with|call|contact|see|discuss"
    r"(?: with)?|raise (?:it|this) with|bring (?:it|this) up with)\s+(?:your|his|her|their|the|"
    r"a)\s+"
    r"(?:\w+\s+)?(?:doctors?|hematologist|haematologist|oncologist|care team|nurse|pharmacist|"
    r"specialist|gp|physician|team|prescriber|clinic)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True)
class AdviceFinding:
    start: int
    end: int


def find_medical_advice(text: str) -> list[AdviceFinding]:
    findings: list[AdviceFinding] = []
    for sentence in _SENTENCE.finditer(text):
        sentence_text = sentence.group()
        if sentence_text.rstrip().endswith("?"):
            continue
        match = _ADVICE.search(sentence_text)
        if match is None:
            continue
        # "Ask your doctor whether you should stop taking it" defers to the clinician; "You
        # should stop taking it" (even followed by "and tell your doctor") does not.
        if _ASKS_CLINICIAN.search(sentence_text, 0, match.start()):
            continue
        findings.append(
            AdviceFinding(sentence.start() + match.start(), sentence.start() + match.end())
        )
    return findings
