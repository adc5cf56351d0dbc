import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_benchmark_pages_reports_every_public_page_in_both_languages(capsys):
    call_command("benchmark_pages", "--requests", "2")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["page", "status", "queries", "median", "ms", "p95", "ms"]
    pages = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert pages["/ja/"] == "200"
    assert pages["/en/"] == "200"


def test_load_demo_twice_reports_each_app(capsys):
    call_command("load_demo")
    call_command("load_demo")
    output = capsys.readouterr().out
    assert output.count("cities: demo content loaded") == 2


def test_benchmark_pages_json_reports_the_pages_asked_for(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command(
        "benchmark_pages", "--requests", "1", "--json", "--path", "/en/cities/da-nang/", "--path", "/ja/nowhere/"
    )
    results = json.loads(capsys.readouterr().out)
    assert [(result["path"], result["status"]) for result in results] == [
        ("/en/cities/da-nang/", 200),
        ("/ja/nowhere/", 404),
    ]
    assert sorted(results[0]) == ["median_ms", "p95_ms", "path", "queries", "status"]
