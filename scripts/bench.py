"""`make bench`: simulated officers chatting through the gateway and straight at Rasa, one run.

Starts its own action server, Rasa server (`python -m rasa_runtime run`, endpoints.yml), gateway
and, beside them, stock `python -m rasa run` (Rasa's own SQLTrackerStore, same model, action
server and endpoints otherwise) on free loopback ports (temporary databases, rate limit lifted).
It drives N concurrent officers — each a conversation sending the held-out questions one after
another, a new conversation every ten — through POST /api/chat, at our Rasa's REST channel and at
stock Rasa's; then one officer alone holds one long conversation (400 turns) with each, and it
prints throughput, latency percentiles, errors, the gateway's overhead, the ratio to stock Rasa,
how the cost of a turn grows with the conversation, and each process's resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import httpx
import yaml

from api.web_sessions import COOKIE_NAME
from guide.evaluation import read_scenario_questions
from rasa_runtime.stack import BotStack, free_port, gateway_environment, procfile_process, stop_process, wait_until

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def rate(self) -> float:
        """Answered turns per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def line(self, name: str) -> str:
        return (
            f"  {name:<22} {len(self.latencies):>6} {self.rate:>8.1f} {self.percentile(0.5):>8.0f} "
            f"{self.percentile(0.95):>8.0f} {self.percentile(0.99):>8.0f} {self.errors:>7}"
        )


QUESTIONS_PER_VISIT = 10


async def officer(client: httpx.AsyncClient, request, questions: List[str], deadline: float, result: Result) -> None:
    """One officer: visits of ten questions, each sent when the previous answer came back."""
    index = 0
    while time.monotonic() < deadline:
        if index % QUESTIONS_PER_VISIT == 0:
            sender = f"bench-{uuid.uuid4().hex[:10]}"
        started = time.monotonic()
        try:
            response = await request(client, sender, questions[index % len(questions)])
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        if ok:
            result.latencies.append(time.monotonic() - started)
        else:
            result.errors += 1
        index += 1


async def one_conversation(request, turns: int, questions: List[str]) -> List[float]:
    """One officer alone, one conversation of ``turns`` questions: each turn's latency in seconds."""
    sender = f"bench-long-{uuid.uuid4().hex[:10]}"
    latencies: List[float] = []
    async with httpx.AsyncClient(timeout=60.0) as client:
        for index in range(turns):
            started = time.monotonic()
            response = await request(client, sender, questions[index % len(questions)])
            response.raise_for_status()
            latencies.append(time.monotonic() - started)
    return latencies


def median_ms(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] * 1000


def early_and_late_ms(latencies: List[float]) -> Tuple[float, float]:
    """Median of turns 1–60 and of turns 340–400 (scaled to the run's length)."""
    window = max(1, len(latencies) * 3 // 20)
    return median_ms(latencies[:window]), median_ms(latencies[-window:])


def growth_line(name: str, latencies: List[float]) -> str:
    early, late = early_and_late_ms(latencies)
    return f"  {name:<22} {early:>10.0f} {late:>10.0f} {late / early:>8.2f}x"


def stock_endpoints(work: Path) -> Path:
    """endpoints.yml with Rasa's own SQL tracker store (its own SQLite file) instead of ours."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["tracker_store"] = {"type": "SQL", "url": f"sqlite:///{work / 'stock-rasa.db'}"}
    path = work / "endpoints.stock.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


def stock_credentials(work: Path) -> Path:
    """credentials.yml with Rasa's own REST channel (on loopback, for the comparison only)."""
    path = work / "credentials.stock.yml"
    path.write_text("rest:\n", encoding="utf-8")
    return path


async def drive(request, officers: int, seconds: float, questions: List[str]) -> Result:
    result = Result()
    async with httpx.AsyncClient(timeout=30.0, limits=httpx.Limits(max_connections=officers * 2)) as client:
        started = time.monotonic()
        deadline = started + seconds
        offset = len(questions) // max(officers, 1)
        await asyncio.gather(
            *(
                officer(client, request, questions[i * offset :] + questions[: i * offset], deadline, result)
                for i in range(officers)
            )
        )
        result.seconds = time.monotonic() - started
    return result


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total_kb = 0
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officers", type=int, default=int(os.environ.get("OFFICERS", 8)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SECONDS_PER_TARGET", 20)))
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/heldout_questions.tsv")
    parser.add_argument(
        "--turns",
        type=int,
        default=int(os.environ.get("TURNS", 400)),
        help="length of the one long conversation that measures growth",
    )
    parser.add_argument("--record", type=Path, help="also write the run's ratios as Markdown to this file")
    args = parser.parse_args(argv)
    questions = [question.text for question in read_scenario_questions(args.questions)]

    work = Path(tempfile.mkdtemp(prefix="fengqiao-bench-"))
    stack = BotStack(work)
    gateway = None
    try:
        stack.start_actions()
        stack.start_rasa()
        stock_url = stack.start_stock_rasa("stock-rasa", stock_endpoints(work), stock_credentials(work), free_port())
        port = free_port()
        env = {
            **stack.env,
            "RASA_URL": stack.rasa_url,
            "ACTION_SERVER_URL": stack.action_server_url,
            "DB_URL": f"sqlite:///{work / 'gateway.db'}",
            "RATE_LIMIT_PER_MINUTE": "1000000",
            "RATE_LIMIT_BURST": "1000000",
            "ADDRESS_RATE_LIMIT_PER_MINUTE": "1000000",
            "ADDRESS_RATE_LIMIT_BURST": "1000000",
            "MAX_CONCURRENT_REQUESTS": str(args.officers * 4),
            "MAX_IN_FLIGHT_PER_ADDRESS": str(args.officers * 4),  # every officer comes from this one address
            **gateway_environment(port),
        }
        gateway = subprocess.Popen(
            procfile_process("gateway"),
            cwd=ROOT,
            env=env,
            stdout=(work / "gateway.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        gateway_url = f"http://127.0.0.1:{port}"
        wait_until(f"{gateway_url}/healthz", lambda r: r.status_code == 200, 60, gateway, work / "gateway.log")

        conversations: Dict[str, str] = {}  # each officer's conversation cookie (the client's own jar is shared)

        async def via_gateway(client, sender, text):
            headers = {"Cookie": conversations.get(sender, "none=1")}  # an explicit header wins over the jar
            response = await client.post(f"{gateway_url}/api/chat", json={"message": text}, headers=headers)
            if response.cookies.get(COOKIE_NAME):
                conversations[sender] = f"{COOKIE_NAME}={response.cookies[COOKIE_NAME]}"
            return response

        def rest_channel(url: str):
            async def via_rasa(client, sender, text):
                return await client.post(
                    f"{url}/webhooks/rest/webhook",
                    params={"token": stack.rasa_auth_token},
                    json={"sender": sender, "message": text},
                )

            return via_rasa

        via_rasa, via_stock = rest_channel(stack.rasa_url), rest_channel(stock_url)
        asyncio.run(drive(via_gateway, 2, 3, questions))  # warm-up: first requests load lazy parts
        asyncio.run(drive(via_stock, 2, 3, questions))
        through_gateway = asyncio.run(drive(via_gateway, args.officers, args.seconds, questions))
        straight = asyncio.run(drive(via_rasa, args.officers, args.seconds, questions))
        stock = asyncio.run(drive(via_stock, args.officers, args.seconds, questions))
        long_gateway = asyncio.run(one_conversation(via_gateway, args.turns, questions))
        long_rasa = asyncio.run(one_conversation(via_rasa, args.turns, questions))
        long_stock = asyncio.run(one_conversation(via_stock, args.turns, questions))
        memory: Dict[str, float] = {
            "gateway": resident_mb(gateway.pid),
            "rasa": resident_mb(stack.processes["rasa"].pid),
            "stock rasa": resident_mb(stack.processes["stock-rasa"].pid),
            "actions": resident_mb(stack.processes["actions"].pid),
        }
    finally:
        if gateway is not None:
            stop_process(gateway)
        stack.stop_all()

    print(
        f"\n{args.officers} concurrent officers, {args.seconds:.0f} s per target, {os.cpu_count()} CPU cores, "
        f"{len(questions)} distinct questions"
    )
    print(f"  {'target':<22} {'turns':>6} {'turns/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    print(through_gateway.line("gateway /api/chat"))
    print(straight.line("Rasa REST channel"))
    print(stock.line("stock rasa run REST"))
    p50_ratio = through_gateway.percentile(0.5) / straight.percentile(0.5)
    print(
        f"  gateway overhead: p50 latency x{p50_ratio:.2f}, "
        f"throughput x{through_gateway.rate / straight.rate:.2f} of Rasa's"
    )
    print(
        f"  our Rasa against stock rasa run: throughput x{straight.rate / stock.rate:.2f}, "
        f"p50 latency x{straight.percentile(0.5) / stock.percentile(0.5):.2f}"
    )
    window = max(1, args.turns * 3 // 20)
    print(
        f"\none officer alone, one conversation of {args.turns} turns: cost of a turn as it grows "
        f"(median ms of turns 1–{window} and {args.turns - window + 1}–{args.turns})"
    )
    print(f"  {'target':<22} {'early p50':>10} {'late p50':>10} {'growth':>9}")
    print(growth_line("gateway /api/chat", long_gateway))
    print(growth_line("Rasa REST channel", long_rasa))
    print(growth_line("stock rasa run REST", long_stock))
    print("  resident memory: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in memory.items()))
    if args.record:
        args.record.write_text(
            ratios_record(
                args.officers,
                args.seconds,
                through_gateway,
                straight,
                stock,
                {"gateway": long_gateway, "stock": long_stock},
            ),
            encoding="utf-8",
        )
        print(f"\nratios written to {args.record}")
    return 0


def ratios_record(
    officers: int, seconds: float, gateway: Result, ours: Result, stock: Result, long_runs: Dict[str, List[float]]
) -> str:
    """The run as ratios beside stock `rasa run` measured in the same run (they travel between machines;
    absolute turns/s and milliseconds do not), with the machine and the date."""
    rows = [
        ("throughput, through the gateway", gateway.rate / stock.rate),
        ("throughput, our Rasa alone", ours.rate / stock.rate),
        ("p95 latency, through the gateway", gateway.percentile(0.95) / stock.percentile(0.95)),
        ("p95 latency, our Rasa alone", ours.percentile(0.95) / stock.percentile(0.95)),
    ]
    growth = {
        name: late / early
        for name, (early, late) in ((name, early_and_late_ms(values)) for name, values in long_runs.items() if values)
    }
    lines = [
        "# Speed, as ratios (written by `make bench`)",
        "",
        f"Run on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} CPU cores, Python "
        f"{platform.python_version()}, Rasa {metadata.version('rasa')}, every process and the load on one machine; "
        f"{officers} concurrent officers, {seconds:.0f} s per target. Each figure is ours divided by stock "
        "`rasa run` (its own tracker store and REST channel) measured in the same run: above 1 is better for "
        "throughput, below 1 is better for latency. Errors: gateway "
        f"{gateway.errors}, our Rasa {ours.errors}, stock {stock.errors}.",
        "",
        "| measure | ours ÷ stock rasa run |",
        "|---|---|",
        *[f"| {name} | ×{value:.2f} |" for name, value in rows],
        "",
        "Cost of a turn as one conversation grows (median of the last 15 % of its turns ÷ the first 15 %): "
        + ", ".join(f"{name} ×{value:.2f}" for name, value in growth.items())
        + ".",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
