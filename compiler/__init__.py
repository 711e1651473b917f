"""lawc: a compiler for laws.

`.law` files are parsed (`compiler.surface`), resolved and type-checked (`compiler.core`),
analysed (`compiler.analysis`) and compiled to Python (`compiler.backends`); `compiler.driver`
chains the passes and `compiler.cli` is the `lawc` command.
"""

__version__ = "0.1.0"
