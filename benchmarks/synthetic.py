"""Synthetic statutes of any size, for `bench_compiler.py`.

`write_statutes(root, n)` writes, under `root/` (a folder named `statutes`):

- `synth/vocabulary.law`: records (a detainer request, a person, convictions, pending charges) and
  the facts of a case, as a real vocabulary would declare them;
- `synth/law_<n>.law`: a law of `n` provisions, one decision for every 25 provisions. The
  provisions come in a fixed cycle of kinds, so every size has the same mix:
  definitions (a predicate over a conviction with a list condition, a set of codes, a named
  date), rules with nested `all of / any of / none of` lists, quantifiers (`any … such that`,
  `the number of … such that`), date windows, and exceptions (`notwithstanding §` and
  `except as provided in §`) that point at earlier provisions of the same decision.

Names are made of syllables (`bako`, `dega`…) that contain no reserved word, so every size is a
valid law. The output depends only on `n`.
"""

from __future__ import annotations

from pathlib import Path

_CONSONANTS = "bdfgkprvz"
_VOWELS = "aeiou"

PROVISIONS_PER_DECISION = 25

VOCABULARY = '''vocabulary "Synthetic vocabulary"
  summary: records and facts read by the synthetic laws

a detainer request has:
  a request date: a date
  an instant arrest date: a date
  a written ICE request: yes or no
  an accompanying judicial warrant: yes or no

a person has:
  a date of birth: a date
  convictions: a list of convictions
  pending charges: a list of pending charges
  an outstanding criminal warrant: yes or no
  a known gang membership in a law enforcement database: yes or no
  a possible match in the terrorist screening database: yes or no
  a prior order of removal: yes or no
  a count of prior detainers: a whole number from 0 to 1000

a conviction has:
  an offence code: a code
  a jurisdiction: one of New York, District of Columbia, other state, federal
  a class: one of felony, misdemeanor, violation, infraction
  an inchoate form: one of "none", attempt, conspiracy, solicitation
  a judgment date: a date
  a youthful offender adjudication: yes or no
  a conditional discharge: yes or no
  a served sentence of incarceration: yes or no
  a release date: a date

a pending charge has:
  an offence code: a code
  a class: one of felony, misdemeanor, violation, infraction

facts:
  the agency: one of Department of Correction, Police Department, other agency
  a written reimbursement agreement: yes or no
  the request: a detainer request
  the person: a person

a conviction is a crime if its class is one of felony, misdemeanor
a conviction is counted if all of the following:
  - not its youthful offender adjudication
  - its judgment date is on or before the request's request date
'''


def word(i: int, syllables: int = 3) -> str:
    """A pronounceable word for `i` (`bababa`, `babade`…), distinct for distinct `i`."""
    out = []
    base = len(_CONSONANTS) * len(_VOWELS)
    for _ in range(syllables):
        i, r = divmod(i, base)
        out.append(_CONSONANTS[r // len(_VOWELS)] + _VOWELS[r % len(_VOWELS)])
    assert i == 0, "too many names for this many syllables"
    return "".join(reversed(out))


def _syllables(n: int) -> int:
    count, capacity = 2, 45 * 45
    while capacity < n * 2 + 10:
        count += 1
        capacity *= 45
    return count


def law_text(n: int) -> str:
    """The text of a law of `n` provisions (see the module docstring)."""
    syl = _syllables(n)
    decisions = max(1, (n + PROVISIONS_PER_DECISION - 1) // PROVISIONS_PER_DECISION)
    lines = [
        f'law "Synthetic law of {n} provisions"',
        "  jurisdiction: Nowhere",
        "  enacts: Synthetic Code § 1",
        "  in force from: 2012-01-01",
        "  uses: synth/vocabulary",
        f"  summary: a generated law with {n} provisions and {decisions} decisions",
        "",
    ]
    for d in range(decisions):
        name = word(d, syl)
        if d % 3 == 2:
            lines += [f"decision the notice {name}: yes or no",
                      f'  question: "Must the agency give notice {name}?"',
                      "  by default: no", ""]
        else:
            lines += [f"decision the hold {name}: one of may be honored, must be declined",
                      f'  question: "May the agency hold the person ({name})?"',
                      "  by default: may be honored", ""]

    # per decision, the citations of its rules so far (for exceptions)
    rules_of: dict[int, list[str]] = {d: [] for d in range(decisions)}
    defined: list[str] = []  # names of predicate definitions made so far
    for i in range(n):
        d = i // PROVISIONS_PER_DECISION
        dname = word(d, syl)
        yes_no = d % 3 == 2
        head = f"the notice {dname} if" if yes_no else f"the hold {dname} is must be declined if"
        head_honored = (f"the notice {dname} if" if yes_no
                        else f"the hold {dname} is may be honored if")
        term = word(n + i, syl)
        cit = f"§ {100 + d}-{i % PROVISIONS_PER_DECISION + 1}"
        kind = i % 5
        body: list[str] = [f'{cit} "Provision {term}"',
                           f"  > The words of subdivision {term} of this section, as enacted.",
                           "  > A second line of the quoted text of the provision."]
        if kind == 0:  # definitions: a set, a predicate with a list condition, a named date
            body += [
                f'  the {term} sections are: "{100 + i}.10", "{100 + i}.15", "{100 + i}.20",',
                f'    "{100 + i}.25", "{200 + i}.00"',
                f"  a conviction is a {term} offence if all of the following:",
                "    - it is a crime",
                "    - it is counted",
                "    - any of the following:",
                f"      - its offence code is one of the {term} sections",
                "      - its class is felony",
                f"  the {term} start means the request's instant arrest date minus {2 + i % 9} years",
                f"  {head} all of the following:",
                "    - the agency is Department of Correction",
                f"    - any conviction of the person such that it is a {term} offence",
            ]
            defined.append(term)
        elif kind == 1:  # a rule with nested list conditions over lists and flags
            ref = defined[-1] if defined else None
            first = (f"      - any conviction of the person such that it is a {ref} offence"
                     if ref else "      - the person has an outstanding criminal warrant")
            body += [
                f"  {head} all of the following:",
                "    - the agency is one of Department of Correction, Police Department",
                "    - any of the following:",
                first,
                "      - the person has a known gang membership in a law enforcement database",
                "      - the number of pending charges of the person such that its class is "
                f"felony is at least {1 + i % 3}",
                "    - none of the following:",
                "      - the person has a prior order of removal",
                "      - the request's request date is before 2012-03-01",
            ]
        elif kind == 2:  # a date window and a count
            ref = defined[-1] if defined else None
            window = (f"its judgment date is on or after the {ref} start" if ref
                      else "its judgment date is within 10 years before the request's "
                      "request date")
            body += [
                f"  {head} any of the following:",
                f"    - any conviction of the person such that {window}",
                "    - all of the following:",
                f"      - the person's count of prior detainers is more than {i % 7}",
                "      - the person has a possible match in the terrorist screening database",
            ]
        elif kind == 3:  # an exception: notwithstanding an earlier rule of the same decision
            earlier = rules_of[d][-1] if rules_of[d] else None
            cond = ("the person has a prior order of removal and the request has a written "
                    "ICE request")
            if earlier:
                body += [f"  notwithstanding {earlier},", f"    {head_honored} {cond}"]
            else:
                body += [f"  {head_honored} {cond}"]
        else:  # except as provided in a later subdivision: rules there override this one
            later = f"§ {100 + d}-{i % PROVISIONS_PER_DECISION + 2}"
            cond = "no conviction of the person such that it is a crime and it is counted"
            if i + 1 < n and (i + 1) // PROVISIONS_PER_DECISION == d:
                body += [f"  except as provided in {later},", f"    {head} {cond}"]
            else:
                body += [f"  {head} {cond}"]
        rules_of[d].append(cit)
        lines += body + [""]
    return "\n".join(lines)


def write_statutes(root: Path, n: int) -> Path:
    """Write the vocabulary and the law of `n` provisions under `root`; the law's path."""
    folder = root / "synth"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocabulary.law").write_text(VOCABULARY, encoding="utf-8")
    law = folder / f"law_{n}.law"
    law.write_text(law_text(n), encoding="utf-8")
    return law
