"""The surface: `.law` text as written, and back.

Takes the text of one `.law` file and its path; gives its surface AST (`ast.File`: frozen
dataclasses with spans) through `parse.parse`, built rule by rule by `to_ast` (its expressions by `to_ast_expr`) and run by
`lalr`'s loop on valid text, or a `DiagnosticError` worded by `syntax_errors`; and gives the
text back from an AST through `print` (for `lawc fmt`).
"""
