"""Validates OAI-PMH responses (files named on the command line) against the OAI-PMH 2.0 and
oai_dc schemas in ./schemas, offline. Responses holding oai_openaire metadata (no schema kept
here) are validated with the content of <metadata> processed laxly. Exit 1 with the errors when
any file is invalid."""
import os
import shutil
import sys
import tempfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")
OAIRE = "http://namespace.openaire.eu/schema/oaire/"


def schema(lax):
    work = tempfile.mkdtemp()
    for name in os.listdir(SCHEMAS):
        if name.endswith(".xsd"):
            shutil.copy(os.path.join(SCHEMAS, name), work)
    if lax:
        path = os.path.join(work, "OAI-PMH.xsd")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace('processContents="strict"', 'processContents="lax"')
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    wrapper = os.path.join(work, "all.xsd")
    with open(wrapper, "w", encoding="utf-8") as f:
        f.write(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
            '<xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>'
            '<xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>'
            "</xs:schema>"
        )
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(wrapper, parser))


def main():
    strict, lax = schema(False), schema(True)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False)
    bad = 0
    for path in sys.argv[1:]:
        doc = etree.parse(path, parser)
        uses_oaire = bool(doc.getroot().xpath("//*[namespace-uri()=$ns]", ns=OAIRE))
        s = lax if uses_oaire else strict
        if not s.validate(doc):
            bad += 1
            print(f"INVALID {os.path.basename(path)}:")
            for e in s.error_log:
                print(f"  line {e.line}: {e.message}")
    print(f"validated {len(sys.argv) - 1} responses, {bad} invalid")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
