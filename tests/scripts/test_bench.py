"""scripts/bench.py's record: speed as ratios beside stock rasa run, with the machine and the date."""

from scripts.bench import Result, ratios_record


def test_the_record_states_each_figure_as_a_ratio_to_stock_rasa_measured_in_the_same_run():
    gateway = Result(latencies=[0.2] * 100, seconds=2.0)  # 50 turns/s, p95 200 ms
    ours = Result(latencies=[0.1] * 120, seconds=2.0)  # 60 turns/s, p95 100 ms
    stock = Result(latencies=[0.4] * 50, seconds=2.0, errors=1)  # 25 turns/s, p95 400 ms
    record = ratios_record(
        8, 20, gateway, ours, stock, {"gateway": [0.1] * 40 + [0.11] * 40, "stock": [0.1] * 40 + [0.5] * 40}
    )
    assert "| throughput, through the gateway | ×2.00 |" in record
    assert "| throughput, our Rasa alone | ×2.40 |" in record
    assert "| p95 latency, through the gateway | ×0.50 |" in record
    assert "gateway ×1.10, stock ×5.00" in record
    assert "CPU cores" in record and " UTC" in record and "stock 1." in record
    assert " ms" not in record and "turns/s" not in record  # no absolute figure travels
