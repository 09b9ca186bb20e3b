"""The delay after failed sign-ins grows with the failures and is never a hard lock; device cookies
are bound to the name they were issued to."""

from datetime import datetime, timedelta, timezone

from api.admin.sign_in_throttle import Failures, known_device, new_device_cookie, wait_seconds

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
SECRET = "s" * 40


def test_the_first_failures_are_free():
    assert wait_seconds(Failures(4, NOW), free=5, window_seconds=900, now=NOW) == 0
    assert wait_seconds(Failures(0, None), free=5, window_seconds=900, now=NOW) == 0


def test_each_further_failure_doubles_the_wait_after_the_last_one():
    waits = [wait_seconds(Failures(count, NOW), free=5, window_seconds=900, now=NOW) for count in range(5, 10)]
    assert waits == [1, 2, 4, 8, 16]


def test_the_wait_is_counted_from_the_last_failure_and_never_exceeds_the_window():
    assert wait_seconds(Failures(8, NOW - timedelta(seconds=5)), free=5, window_seconds=900, now=NOW) == 3
    assert wait_seconds(Failures(40, NOW), free=5, window_seconds=900, now=NOW) == 900


def test_a_device_cookie_is_known_only_for_its_name_and_secret():
    cookie = new_device_cookie(SECRET, "张警官")
    assert known_device(SECRET, "张警官", cookie) == cookie.split(".")[0]
    assert known_device(SECRET, "李教官", cookie) is None
    assert known_device("t" * 40, "张警官", cookie) is None


def test_malformed_device_cookies_are_unknown():
    for cookie in (
        None,
        "",
        ".",
        "x" * 24 + ".sig",
        "é" * 24 + "." + "0" * 32,
        new_device_cookie(SECRET, "张警官") + "0",
    ):
        assert known_device(SECRET, "张警官", cookie) is None
