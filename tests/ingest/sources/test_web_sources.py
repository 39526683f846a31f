"""Pages, feeds, exports and URL lists, served by a real HTTP server on localhost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from graph.errors import InputError
from ingest.article import RawArticle
from ingest.sources.feeds import FeedState, read_feed
from ingest.sources.http import Fetcher, FetchPolicy
from ingest.sources.jsonl import read_jsonl
from ingest.sources.registry import FeedStates, read_sources

PAGE = """<html lang="en"><head><title>Kremlin urges calm</title>
<meta property="og:site_name" content="TASS"><meta name="date" content="2021-02-01"></head>
<body><nav>Home | News</nav><article><h1>Kremlin urges calm</h1>
<p>MOSCOW, February 1. Kremlin Spokesman Dmitry Peskov told reporters that the rallies were unlawful
and that every case must be seen separately, whatever the footage suggests.</p>
<script>document.write("<b>injected</b>")</script>
<p>"We need to see each specific case separately," he stated on Monday.</p></article></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>{base}/a</link><guid>a</guid>
<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>{base}/b</link><guid>b</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><id>tag:x,2021:1</id><title>One</title><link href="{base}/a"/>
<updated>2021-02-01T10:00:00Z</updated></entry>
</feed>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title></channel></rss>"""


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchPolicy(timeout_s=2.0, max_bytes=200_000, allow_loopback=True))


def articles(items: list[RawArticle | InputError]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def errors(items: list[RawArticle | InputError]) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def test_a_page_gives_its_main_text_and_metadata_without_markup(
    httpserver: HTTPServer, fetcher: Fetcher
) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    found = list(read_sources([httpserver.url_for("/page")], fetcher=fetcher, feeds=FeedStates(None)))
    [article] = articles(found)
    assert "Dmitry Peskov told reporters" in article.text
    assert "injected" not in article.text and "Home | News" not in article.text
    assert (article.title, article.source, article.published, article.language) == (
        "Kremlin urges calm",
        "TASS",
        "2021-02-01",
        "en",
    )
    assert article.url == httpserver.url_for("/page")


@pytest.mark.parametrize("template", [RSS, ATOM])
def test_feeds_fetch_each_new_item_and_use_conditional_get(
    httpserver: HTTPServer, fetcher: Fetcher, template: str
) -> None:
    base = httpserver.url_for("").rstrip("/")
    feed = template.format(base=base)
    calls = {"feed": 0}

    def serve_feed(request: Request) -> Response:
        calls["feed"] += 1
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(serve_feed)
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(
        PAGE.replace("Peskov", "Zakharova"), content_type="text/html"
    )
    state = FeedState()
    first = list(read_feed(httpserver.url_for("/feed"), fetcher=fetcher, state=state))
    assert len(articles(first)) == feed.count("<link")
    assert articles(first)[0].source == "TASS"
    assert state.etag == '"v1"'
    assert list(read_feed(httpserver.url_for("/feed"), fetcher=fetcher, state=state)) == []
    assert calls["feed"] == 2


def test_seen_items_are_not_fetched_again(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed").respond_with_data(
        RSS.format(base=base), content_type="application/rss+xml"
    )
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(PAGE, content_type="text/html")
    state = FeedState(seen={"a"})
    found = list(read_feed(httpserver.url_for("/feed"), fetcher=fetcher, state=state))
    assert len(articles(found)) == 1
    assert state.seen == {"a", "b"}


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"<rss><channel><item>broken", "malformed feed"), (BOMB.encode(), "declares XML entities")],
)
def test_bad_feeds_are_one_clear_error(
    httpserver: HTTPServer, fetcher: Fetcher, body: bytes, message: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    started = time.monotonic()
    found = list(read_feed(httpserver.url_for("/feed"), fetcher=fetcher, state=FeedState()))
    assert any(message in e for e in errors(found)), found
    assert time.monotonic() - started < 5


def test_http_failures_are_one_line_each(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/big").respond_with_data("x" * 300_000, content_type="text/html")
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})

    def slow(_request: Request) -> Response:
        time.sleep(3)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    cases = {
        "/missing": "HTTP 404",
        "/big": "too large",
        "/loop": "too many redirects",
        "/slow": "timed out",
    }
    for path, message in cases.items():
        with pytest.raises(InputError, match=message):
            fetcher.get(httpserver.url_for(path))


@pytest.mark.parametrize(
    ("url", "message"),
    [("file:///etc/passwd", "only http and https"), ("ftp://example.org/x", "only http and https")],
)
def test_other_schemes_are_refused(fetcher: Fetcher, url: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fetcher.get(url)


def test_private_addresses_are_refused_unless_allowed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    strict = Fetcher(FetchPolicy(timeout_s=2.0))
    with pytest.raises(InputError, match=r"not a public address \(127\.0\.0\.1: loopback\)"):
        strict.get(httpserver.url_for("/page"))


def test_jsonl_exports_keep_unknown_fields_and_report_bad_lines(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        "\n".join(
            [
                json.dumps(
                    {"text": "Peskov said it was calm.", "title": "T", "url": "https://x/1", "desk": "Moscow"}
                ),
                "{not json",
                json.dumps({"title": "no text"}),
                json.dumps({"text": "Lavrov said talks went well.", "published": 2021}),
                json.dumps({"text": "Zakharova said the West overreacted.", "source": "TASS", "tags": ["a"]}),
            ]
        ),
        encoding="utf-8",
    )
    found = list(read_jsonl(export))
    good = articles(found)
    assert [a.location.rsplit("#", 1)[1] for a in good] == ["L1", "L5"]
    assert good[0].metadata == {"desk": "Moscow"}
    assert good[1].metadata == {"tags": '["a"]'}
    assert [e.split(": ", 1)[1] for e in errors(found)] == [
        "not valid JSON (Expecting property name enclosed in double quotes)",
        "no text",
        "published must be text",
    ]


def test_a_folder_mixes_every_kind_and_a_url_list(
    httpserver: HTTPServer, fetcher: Fetcher, tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    (tmp_path / "a.txt").write_text("Peskov said the rallies were unlawful.", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "Lavrov said so."}) + "\n", encoding="utf-8")
    (tmp_path / "d.urls").write_text(
        f"# wire pages\n{httpserver.url_for('/page')}\n{httpserver.url_for('/gone')}\n", encoding="utf-8"
    )
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    found = list(read_sources([str(tmp_path)], fetcher=fetcher, feeds=FeedStates(None)))
    assert len(articles(found)) == 4
    assert [e for e in errors(found) if "HTTP 404" in e]


def test_feed_state_survives_between_runs(tmp_path: Path) -> None:
    states = FeedStates(tmp_path / "feeds.json")
    states.get("https://x/feed").etag = '"v9"'
    states.get("https://x/feed").seen.add("item-1")
    states.save()
    again = FeedStates(tmp_path / "feeds.json").get("https://x/feed")
    assert (again.etag, again.seen) == ('"v9"', {"item-1"})


@pytest.mark.parametrize(("hops", "fetched"), [(2, True), (3, False)])
def test_a_fetch_follows_exactly_the_redirects_its_policy_allows(
    httpserver: HTTPServer, hops: int, fetched: bool
) -> None:
    for hop in range(hops):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/r{hop + 1}"}
        )
    httpserver.expect_request(f"/r{hops}").respond_with_data(PAGE, content_type="text/html")
    policy = Fetcher(FetchPolicy(timeout_s=5.0, max_redirects=2, allow_loopback=True))
    url = httpserver.url_for("/r0")
    if fetched:
        assert b"Kremlin urges calm" in policy.get(url).body
        return
    with pytest.raises(InputError, match=r"too many redirects \(more than 2\)") as refused:
        policy.get(url)
    assert refused.value.source == url
