"""Explanations: why a decision came out as it did, by which provision, and what would change it.

Takes a checked `Program` and the facts of one case; gives explanation records (the
`compiler.runtime_explain` classes the generated modules give too) and counterfactuals.
`plan` splits each rule into the top-level conditions an explanation reports (shared by the
generated `explain_<decision>()` functions and by `build`); `build` explains a case with the
reference interpreter; `counterfactual` finds the smallest changes to the facts that flip a
decision. `compiler.reports.explanation` renders an explanation as text, Markdown, HTML or JSON.
"""
