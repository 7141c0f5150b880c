"""Answers whose exact indices fall on rounding ties, shared by the tests of every output that
prints an index (the PDF, the presentation): IPS exactly 2,205 and domain 4 exactly 2,525, so a
half-up and a half-even edition print them differently. The float 2.525 is 2.52499..., so an
output that rounded floats would not even give the half-up 2,53."""

LEVELS = {
    "10101": 1, "10201": 2, "10301": 1, "10401": 2, "20101": 4, "20102": 1, "20201": 1,
    "20301": 3, "20302": 3, "20401": 1, "20402": 3, "20403": 2, "20501": 2, "20502": 2,
    "30101": 4, "30102": 4, "30103": 3, "30201": 1, "30301": 1, "30302": 2, "30401": 5,
    "40101": 3, "40102": 5, "40103": 1, "40104": 1, "40201": 1, "40202": 3, "40301": 5,
    "40302": 3, "40303": 3, "40304": 1, "50101": 1, "50102": 3, "50103": 4, "50201": 3,
    "50301": 1, "50302": 3, "50303": 1,
}
