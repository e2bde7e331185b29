"""Every record that show and export print validates against the published JSON Schema."""
import json
import os
import unittest

import jsonschema

from support import SAMPLES, SOURCE_DIR, VetqTestCase


class Schema(VetqTestCase):
    def setUp(self):
        super().setUp()
        self.vetq("ingest", SAMPLES)  # every sample format vetq reads
        self.schema = json.loads(self.ok("schema", db=False).out)
        jsonschema.Draft202012Validator.check_schema(self.schema)
        self.validator = jsonschema.Draft202012Validator(self.schema)

    def test_schema_command_prints_the_file_in_schemas(self):
        with open(os.path.join(SOURCE_DIR, "schemas", "record.schema.json")) as f:
            self.assertEqual(self.schema, json.load(f))

    def test_every_exported_record_validates(self):
        records = self.ok("export").ndjson() + self.ok("export", "--kind", "report").ndjson()
        self.assertGreaterEqual(len([r for r in records if r["kind"] == "policy"]), 4)
        for rec in records:
            errors = sorted(self.validator.iter_errors(rec), key=lambda e: e.path)
            self.assertEqual([], [f"{rec['id']}: {list(e.path)}: {e.message}" for e in errors])

    def test_show_output_validates(self):
        for pid in ["28228", "28832", "28238", "28020"]:
            doc = self.ok("show", pid, "--format", "json").json()
            self.validator.validate(doc)

    def test_schema_rejects_a_wrong_record(self):
        doc = self.ok("show", "28228", "--format", "json").json()
        doc["timeline"][0]["year"] = "2016"
        with self.assertRaises(jsonschema.ValidationError):
            self.validator.validate(doc)


if __name__ == "__main__":
    unittest.main()
