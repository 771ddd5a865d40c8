"""A real OAI-PMH provider no one here wrote: pyoai 2.5.0's server, for the harvester's tests.

Usage: python pyoai_source.py STATE.json — prints the port it listens on (127.0.0.1), then serves
until killed. STATE.json is read on every request, so a test changes the records between runs:
{"records": [{"id": "oai:peer:1", "datestamp": "2026-01-01T10:00:00Z", "title": "…",
  "url": "https://…", "sets": ["a"], "deleted": false}], "fail_from_cursor": null}
With "fail_from_cursor": N every resumed request at cursor >= N answers HTTP 500 (an
interrupted run).
"""
import cgi
import json
import sys
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# pyoai 2.5.0 decodes its resumption tokens with cgi.parse_qs, removed from Python long ago.
cgi.parse_qs = urllib.parse.parse_qs

from oaipmh import common, error, metadata, server  # noqa: E402

STATE = sys.argv[1]
BATCH = 3


def load():
    with open(STATE) as f:
        return json.load(f)


def stamp(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


class Source:
    def identify(self):
        return common.Identify(
            repositoryName="pyoai peer", baseURL="http://127.0.0.1/oai", protocolVersion="2.0",
            adminEmails=["peer@example.org"], earliestDatestamp=datetime(2000, 1, 1),
            deletedRecord="persistent", granularity="YYYY-MM-DDThh:mm:ssZ", compression=["identity"])

    def listMetadataFormats(self, identifier=None):
        return [("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/")]

    def listSets(self):
        return [("a", "Set a", "")]

    def _records(self, set=None, from_=None, until=None):
        out = []
        for r in sorted(load()["records"], key=lambda r: (r["datestamp"], r["id"])):
            d = stamp(r["datestamp"])
            if set is not None and set not in r.get("sets", []):
                continue
            if from_ is not None and d < from_:
                continue
            if until is not None and d > until:
                continue
            out.append((r, d))
        if not out:
            raise error.NoRecordsMatchError("no records")
        return out

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None):
        result = []
        for r, d in self._records(set, from_, until):
            header = common.Header(None, r["id"], d, r.get("sets", []), r.get("deleted", False))
            if r.get("deleted"):
                result.append((header, None, None))
            else:
                fields = {"title": [r["title"]], "identifier": [r["id"], r["url"]], "creator": ["Peer, P."],
                          "description": [r.get("description", "")], "date": [r["datestamp"][:10]]}
                result.append((header, common.Metadata(None, fields), None))
        return result

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None):
        return [common.Header(None, r["id"], d, r.get("sets", []), r.get("deleted", False))
                for r, d in self._records(set, from_, until)]


registry = metadata.MetadataRegistry()
registry.registerWriter("oai_dc", server.oai_dc_writer)
oai = server.Server(Source(), registry, resumption_batch_size=BATCH)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = urllib.parse.urlparse(self.path).query
        kw = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
        fail = load().get("fail_from_cursor")
        if fail is not None and "resumptionToken" in kw:
            token = urllib.parse.parse_qs(urllib.parse.unquote(kw["resumptionToken"]))
            if int(token.get("cursor", ["0"])[0]) >= fail:
                self.send_response(500)
                self.end_headers()
                return
        body = oai.handleRequest(kw)
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
