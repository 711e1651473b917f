"""lawc: a compiler for laws.

Takes `.law` files; gives generated Python (and SQL) modules, diagnostics, explanations and
diffs. `.law` files are parsed (`compiler.surface`), resolved and type-checked (`compiler.core`),
analysed (`compiler.analysis`) and compiled to Python (`compiler.backends`); `compiler.driver`
chains the passes and `compiler.cli` is the `lawc` command.
"""

__version__ = "0.1.0"
