"""Trainers' accounts: salted, slow hashes; entries checked at start-up."""

import pytest

from api.admin.accounts import AccountError, accounts_by_name, hash_password, new_entry, password_matches


def test_a_password_matches_its_own_hash_only():
    encoded = hash_password("correct horse battery", iterations=1000)
    assert password_matches("correct horse battery", encoded)
    assert not password_matches("correct horse batterY", encoded)
    assert hash_password("correct horse battery", iterations=1000) != encoded  # a new salt each time


def test_a_new_entry_needs_a_long_enough_password_and_reads_back():
    with pytest.raises(AccountError, match="10\\+ characters"):
        new_entry("张警官", "short")
    entry = new_entry("张警官", "a long enough password")
    account = accounts_by_name([entry])["张警官"]
    assert password_matches("a long enough password", account.password_hash)


@pytest.mark.parametrize(
    "entry",
    [
        "张警官",
        ":pbkdf2_sha256$1$YQ==$YQ==",
        "张警官:md5$1$YQ==$YQ==",
        "张警官:pbkdf2_sha256$many$YQ==$YQ==",
        "张警官:pbkdf2_sha256$1$not base64$YQ==",
    ],
)
def test_a_malformed_entry_is_refused(entry):
    with pytest.raises(AccountError):
        accounts_by_name([entry])


def test_a_name_given_twice_is_refused():
    entry = "张警官:" + hash_password("x" * 12, iterations=1000)
    with pytest.raises(AccountError, match="twice"):
        accounts_by_name([entry, entry])


def test_a_provisioning_script_can_pipe_the_password_once(monkeypatch, capsys):
    import io

    from api.admin.accounts import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["王教官"]) == 0
    assert "ADMIN_ACCOUNTS='[\"王教官:" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["王教官"]) == 1
