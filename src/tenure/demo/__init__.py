"""A deterministic generator of a realistic B2B SaaS company, for demos, docs and tests.

`generate(spec)` yields batches of canonical tables (see `tenure.schema`); `write_parquet`
writes them to one Parquet file per table. Churn in the generated company follows from
behaviour visible in the data beforehand (usage, onboarding, tickets, NPS, payments), so
health scores and churn models have true signal to find.
"""

from tenure.demo.generate import generate
from tenure.demo.spec import DemoSpec
from tenure.demo.writer import write_parquet

__all__ = ["DemoSpec", "generate", "write_parquet"]
