"""The core IR: a law after name resolution and type checking, and what reads it.

Takes the surface AST of a law and of the vocabularies it uses (`compiler.surface`); gives a
typed, resolved `ast.Program` through `from_surface.from_surface` (whose parts are in
`resolve/`), with the helpers every reader of the IR shares (`ast.ROOT`, `ast.walk`,
`Program.fields_of`), the facts of a case as records (`facts`), and the IR in English
(`english`) and as text (`print`, for `lawc ir --stage core`).
"""
