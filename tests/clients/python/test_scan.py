"""boto3 against the engine: Scan — filters, projections, Limit and paging, parallel scans
(Segment / TotalSegments cover every item exactly once), index scans, errors."""

import unittest
from concurrent.futures import ThreadPoolExecutor

from engine import EngineTestCase, N, S, query_all


class ScanTest(EngineTestCase):

    COUNT = 200

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("ScanTbl", pk=("pk", "S"), sk=("sk", "N"),
                         extra_attrs=[("g", "S")],
                         gsis=[{"IndexName": "ByG",
                                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        for i in range(cls.COUNT):
            item = {"pk": S(f"p{i % 37}"), "sk": N(i), "even": {"BOOL": i % 2 == 0},
                    "v": N(i)}
            if i % 4 == 0:
                item["g"] = S("four")
            cls.ddb.put_item(TableName="ScanTbl", Item=item)

    def keys(self, items):
        return sorted((i["pk"]["S"], int(i["sk"]["N"])) for i in items)

    def all_keys(self):
        return sorted((f"p{i % 37}", i) for i in range(self.COUNT))

    def test_full_scan_and_filter(self):
        resp = self.ddb.scan(TableName="ScanTbl")
        self.assertEqual(resp["Count"], self.COUNT)
        self.assertEqual(resp["ScannedCount"], self.COUNT)
        self.assertNotIn("LastEvaluatedKey", resp)
        self.assertEqual(self.keys(resp["Items"]), self.all_keys())
        resp = self.ddb.scan(TableName="ScanTbl", FilterExpression="even = :t AND v < :x",
                             ProjectionExpression="v",
                             ExpressionAttributeValues={":t": {"BOOL": True}, ":x": N(10)})
        self.assertEqual(sorted(int(i["v"]["N"]) for i in resp["Items"]), [0, 2, 4, 6, 8])
        self.assertEqual(resp["ScannedCount"], self.COUNT)
        for item in resp["Items"]:
            self.assertEqual(set(item), {"v"})
        # Unlike Query, a Scan filter may name key attributes.
        resp = self.ddb.scan(TableName="ScanTbl", FilterExpression="pk = :p AND sk > :s",
                             ExpressionAttributeValues={":p": S("p1"), ":s": N(100)})
        self.assertEqual(self.keys(resp["Items"]), [("p1", 112), ("p1", 149), ("p1", 186)])
        resp = self.ddb.scan(TableName="ScanTbl", Select="COUNT", FilterExpression="even = :f",
                             ExpressionAttributeValues={":f": {"BOOL": False}})
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (100, 200))
        self.assertNotIn("Items", resp)

    def test_paging_with_limit(self):
        items, pages = query_all(self.ddb, op="scan", TableName="ScanTbl", Limit=30)
        self.assertEqual(self.keys(items), self.all_keys())
        self.assertEqual(len(items), self.COUNT)  # no duplicates
        self.assertEqual(pages, 7)  # 6 full pages + the rest
        resp = self.ddb.scan(TableName="ScanTbl", Limit=30)
        self.assertEqual(set(resp["LastEvaluatedKey"]), {"pk", "sk"})
        # Limit counts items read before the filter.
        resp = self.ddb.scan(TableName="ScanTbl", Limit=30, FilterExpression="v < :x",
                             ExpressionAttributeValues={":x": N(-1)})
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (0, 30))
        self.assertIn("LastEvaluatedKey", resp)
        paged = [i for p in self.ddb.get_paginator("scan").paginate(
            TableName="ScanTbl", PaginationConfig={"PageSize": 50}) for i in p["Items"]]
        self.assertEqual(self.keys(paged), self.all_keys())

    def test_parallel_segments_cover_every_item_once(self):
        for total in (1, 2, 3, 7, 16):
            def segment(seg):
                return query_all(self.ddb, op="scan", TableName="ScanTbl", Segment=seg,
                                 TotalSegments=total, Limit=17)[0]
            with ThreadPoolExecutor(max_workers=4) as pool:
                parts = list(pool.map(segment, range(total)))
            flat = [i for part in parts for i in part]
            self.assertEqual(len(flat), self.COUNT, total)
            self.assertEqual(self.keys(flat), self.all_keys(), total)
            # One partition's items never straddle segments.
            owner = {}
            for seg, part in enumerate(parts):
                for i in part:
                    self.assertEqual(owner.setdefault(i["pk"]["S"], seg), seg)
        # With many segments, the items really are spread out.
        sizes = [len(query_all(self.ddb, op="scan", TableName="ScanTbl", Segment=s,
                               TotalSegments=4)[0]) for s in range(4)]
        self.assertGreater(sum(1 for n in sizes if n > 0), 1)

    def test_segment_errors(self):
        with self.assertValidation():
            self.ddb.scan(TableName="ScanTbl", Segment=3, TotalSegments=3)
        with self.assertValidation():
            self.ddb.scan(TableName="ScanTbl", Segment=0)
        with self.assertValidation():
            self.ddb.scan(TableName="ScanTbl", TotalSegments=2)
        with self.assertValidation():
            self.ddb.scan(TableName="ScanTbl", Segment=0, TotalSegments=1000001)

    def test_index_scan(self):
        resp = self.ddb.scan(TableName="ScanTbl", IndexName="ByG")
        self.assertEqual(resp["Count"], 50)
        for item in resp["Items"]:
            self.assertEqual(set(item), {"pk", "sk", "g"})
        resp = self.ddb.scan(TableName="ScanTbl", IndexName="ByG", Limit=10)
        self.assertEqual(set(resp["LastEvaluatedKey"]), {"pk", "sk", "g"})
        items, _ = query_all(self.ddb, op="scan", TableName="ScanTbl", IndexName="ByG", Limit=10)
        self.assertEqual(len(items), 50)
        with self.assertValidation(
                message="Consistent reads are not supported on global secondary indexes"):
            self.ddb.scan(TableName="ScanTbl", IndexName="ByG", ConsistentRead=True)
        with self.assertValidation():
            self.ddb.scan(TableName="ScanTbl", IndexName="Nope")

    def test_scan_errors(self):
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.scan(TableName="Ghost")
        with self.assertValidation(startswith="Invalid FilterExpression"):
            self.ddb.scan(TableName="ScanTbl", FilterExpression="v >")
        with self.assertValidation(contains="unused"):
            self.ddb.scan(TableName="ScanTbl", ExpressionAttributeValues={":x": N(1), ":y": N(1)},
                          FilterExpression="v > :y")
        resp = self.ddb.scan(TableName="ScanTbl", Limit=1, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "ScanTbl", "CapacityUnits": 0.5})


class LargeItemsScanTest(EngineTestCase):

    def test_one_megabyte_page_limit(self):
        self.create_table("BigScan")
        for i in range(25):
            self.ddb.put_item(TableName="BigScan",
                              Item={"pk": S(f"k{i}"), "blob": S("x" * 100_000)})
        first = self.ddb.scan(TableName="BigScan")
        self.assertIn(first["Count"], (10, 11))
        self.assertIn("LastEvaluatedKey", first)
        items, pages = query_all(self.ddb, op="scan", TableName="BigScan")
        self.assertEqual(sorted(i["pk"]["S"] for i in items), sorted(f"k{i}" for i in range(25)))
        self.assertEqual(pages, 3)


if __name__ == "__main__":
    unittest.main()
