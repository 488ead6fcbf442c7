#!/usr/bin/env python3
"""Writes bench/procedures/bench-rules300.json and bench/bodies/rules300.json.

A one-page procedure with 300 fields and 100 rules, the size issue 3 names: 120 integers, 100 texts, 50 choices and
30 calculated integers; 50 texts shown only for one answer of a choice (visibleWhen), 30 calculations (sums,
products, caps) and 20 cross-field checks. The answers make every rule run (all conditions true, all checks pass).
"""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
fields = []
for i in range(1, 51):
    fields.append({"id": f"c{i:03}", "type": "choice", "label": {"ja": f"区分{i}", "en": f"Kind {i}"},
                   "choices": [{"value": "a", "label": {"ja": "あ", "en": "A"}}, {"value": "b", "label": {"ja": "い", "en": "B"}}]})
for i in range(1, 121):
    fields.append({"id": f"n{i:03}", "type": "integer", "label": {"ja": f"金額{i}", "en": f"Amount {i}"}, "unit": {"ja": "円", "en": "yen"}, "min": 0, "max": 100000000})
for i in range(1, 101):
    field = {"id": f"t{i:03}", "type": "text", "label": {"ja": f"記述{i}", "en": f"Note {i}"}}
    if i <= 50:
        field["visibleWhen"] = f"c{i:03} = 'a'"
    fields.append(field)
for i in range(1, 31):
    a, b, c = 4 * i - 3, 4 * i - 2, 4 * i - 1
    formula = [f"n{a:03} + n{b:03} + n{c:03}", f"min(round(n{a:03} * 2 / 3, 0), 3000000)", f"if(c{i:03} = 'a', n{b:03} * 2, 0)"][i % 3]
    fields.append({"id": f"k{i:03}", "type": "integer", "label": {"ja": f"計算{i}", "en": f"Calculated {i}"}, "calculate": formula})
checks = [{"id": f"x{i:03}", "assert": f"n{i:03} <= n{i + 20:03} + 1000000",
           "message": {"ja": f"金額{i}が大きすぎます。", "en": f"Amount {i} is too large."}, "fields": [f"n{i:03}"]} for i in range(1, 21)]
definition = {
    "format": 1, "slug": "bench-rules300",
    "title": {"ja": "ベンチマーク（300項目・100ルール）", "en": "Benchmark (300 fields, 100 rules)"},
    "department": {"ja": "ベンチマーク課", "en": "Benchmark division"},
    "pages": [{"id": "all", "title": {"ja": "全項目", "en": "All fields"}, "fields": fields}],
    "checks": checks,
}
assert len(fields) == 300 and sum(1 for f in fields if "visibleWhen" in f or "calculate" in f) + len(checks) == 100
answers = {}
for i in range(1, 51):
    answers[f"c{i:03}"] = "a"
for i in range(1, 121):
    answers[f"n{i:03}"] = 1000 * i
for i in range(1, 101):
    answers[f"t{i:03}"] = f"霞が関一丁目{i}番 ベンチ"
with open(os.path.join(here, "bench-rules300.json"), "w", encoding="utf-8") as f:
    json.dump(definition, f, ensure_ascii=False, indent=2)
    f.write("\n")
with open(os.path.join(here, "..", "bodies", "rules300.json"), "w", encoding="utf-8") as f:
    json.dump({"answers": answers}, f, ensure_ascii=False)
    f.write("\n")
