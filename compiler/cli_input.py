"""Until `lawc diff` and `lawc explain` move into `compiler/cli/`: the names they (and
`analysis/diff.py`) import from here, now kept in `compiler/cli/common.py` (reading JSON,
failing in the user's words) and `compiler/driver/cases.py` (facts from CSV rows)."""

from compiler.cli.common import fail, load_json
from compiler.driver.cases import leaf_types, row_to_facts

__all__ = ["fail", "leaf_types", "load_json", "row_to_facts"]
