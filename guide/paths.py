"""Where the project's data lives, relative to the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES_DIR = DATA / "sources"
SOURCES_INDEX = DATA / "sources.yml"
KNOWLEDGE = DATA / "knowledge"
SCENARIOS_FILE = KNOWLEDGE / "scenarios.yml"
PASSAGES_FILE = KNOWLEDGE / "passages.jsonl"
STOPWORDS_FILE = KNOWLEDGE / "stopwords.txt"
JIEBA_DICTIONARY_DIR = DATA / "jieba"
FIELD_GUIDE_SOURCE = SOURCES_DIR / "000_4276c7930002ad00.txt"
LOOKUP_FILE = KNOWLEDGE / "lookup.yml"
POLICY_BASIS_FILE = KNOWLEDGE / "policy_basis.yml"
BOUNDARIES_FILE = KNOWLEDGE / "boundaries.yml"
SCENARIO_CASES_FILE = KNOWLEDGE / "scenario_cases.yml"
