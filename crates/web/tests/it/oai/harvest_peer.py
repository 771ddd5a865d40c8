"""Harvests the provider at argv[1] with Sickle (a real OAI-PMH harvester) and prints what it saw
as JSON: every list over all its resumption pages, by GET and by POST, with a set and with
from/until, tombstones included."""
import json
import sys

from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch

base, set_spec, from_, until = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def headers(items):
    out = []
    for item in items:
        h = getattr(item, "header", item)
        out.append({"id": h.identifier, "deleted": h.deleted, "sets": h.setSpecs, "datestamp": h.datestamp})
    return out


result = {}
get = Sickle(base, max_retries=0)
post = Sickle(base, http_method="POST", max_retries=0)
identify = get.Identify()
result["identify"] = {
    "deletedRecord": identify.deletedRecord,
    "granularity": identify.granularity,
    "protocolVersion": identify.protocolVersion,
}
result["formats"] = [f.metadataPrefix for f in get.ListMetadataFormats()]
result["sets"] = [s.setSpec for s in get.ListSets()]

records = list(get.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
result["records"] = headers(records)
result["titles"] = sum(1 for r in records if not r.header.deleted and r.metadata.get("title"))
result["post_identifiers"] = headers(post.ListIdentifiers(metadataPrefix="oai_openaire", ignore_deleted=False))
result["set_identifiers"] = headers(get.ListIdentifiers(metadataPrefix="oai_dc", set=set_spec, ignore_deleted=False))
try:
    window = get.ListIdentifiers(metadataPrefix="oai_dc", **{"from": from_, "until": until}, ignore_deleted=False)
    result["window_identifiers"] = headers(window)
except NoRecordsMatch:
    result["window_identifiers"] = []
print(json.dumps(result))
