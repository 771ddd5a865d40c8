"""Reads Atom feeds with feedparser and a sitemap with lxml (peers no one here wrote), and prints
what they saw as JSON. Usage: feed_peer.py FEED... --sitemap FILE"""
import json
import sys

import feedparser
from lxml import etree

args = sys.argv[1:]
sitemap = None
if "--sitemap" in args:
    i = args.index("--sitemap")
    sitemap = args[i + 1]
    args = args[:i] + args[i + 2:]
out = {"feeds": [], "sitemap": None}
for path in args:
    with open(path, "rb") as f:
        d = feedparser.parse(f.read())
    out["feeds"].append({
        "bozo": int(bool(d.bozo)),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": d.feed.get("title"),
        "id": d.feed.get("id"),
        "links": [(l.get("rel"), l.get("type"), l.get("href")) for l in d.feed.get("links", [])],
        "entries": [{
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "published": e.get("published"),
            "updated": e.get("updated"),
            "author": e.get("author"),
            "summary": e.get("summary"),
            "categories": [t.get("term") for t in e.get("tags", [])],
        } for e in d.entries],
    })
if sitemap:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(sitemap, parser).getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    out["sitemap"] = {
        "root": root.tag,
        "urls": root.xpath("//s:url/s:loc/text()", namespaces=ns),
        "sitemaps": root.xpath("//s:sitemap/s:loc/text()", namespaces=ns),
    }
print(json.dumps(out))
