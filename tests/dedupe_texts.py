"""Invented articles for the dedupe tests (written for these tests; not from any source).

SUMMIT_A and SUMMIT_B are two different pieces about the same summit: they must never merge.
"""

SUMMIT_A = """Leaders of five Central Asian states met in Samarkand on Thursday for a summit that
officials had billed as the most important regional gathering in a decade. The host, the
president of Uzbekistan, opened the meeting with a call for a common market in electricity and
a shared plan for the rivers that cross the region's borders.

Delegations from Kazakhstan and Kyrgyzstan arrived a day early to settle the wording of a
declaration on transit corridors. According to two diplomats who took part in the drafting, the
text commits the governments to cut the time that lorries spend at border posts by half within
three years, and to publish waiting times every week.

Tajikistan's delegation pressed for a clause on the Rogun dam, which it says will end winter
blackouts in Dushanbe. Turkmenistan, which rarely signs multilateral documents, sent its deputy
foreign minister and agreed only to observe the talks on energy.

Outside the conference hall, traders in the old bazaar said they hoped the summit would make it
easier to carry dried fruit and textiles to markets in Almaty and Bishkek. Several complained
that new inspection rules had doubled the cost of a single crossing since the spring.

The leaders are expected to sign the declaration on Friday morning before a closing lunch hosted
by the mayor of Samarkand. A follow-up meeting of transport ministers is planned for Ashgabat in
the autumn, where the details of a regional customs system will be discussed."""

SUMMIT_B = """The Samarkand summit of Central Asian presidents ended on Friday with a declaration
that analysts described as modest but useful, after two days of talks on energy, water and trade.
The document was signed by four of the five leaders; Turkmenistan's representative attended the
ceremony but did not add a signature.

Economists in Tashkent noted that the region still trades far less with itself than with Russia
and China. Intra-regional commerce accounts for under a tenth of the five countries' combined
exports, a figure that has barely moved in fifteen years despite repeated promises of integration.

The most concrete result concerns railway tariffs. Kazakhstan and Uzbekistan agreed to align the
fees charged for container trains, which should make the southern route to the Caspian ports more
attractive to shippers who now send goods through Siberia.

Water remained the hardest question. Kyrgyz negotiators argued that downstream neighbours should
share the cost of maintaining the Toktogul reservoir, while Uzbek officials preferred to discuss
summer releases first. No agreement was reached and a working group will report next year.

Civil society groups, kept outside the security perimeter, issued a statement asking the
governments to publish the full annexes of the declaration, including the sections on labour
migration and the recognition of professional diplomas across borders."""

DAM_REPORT = """Engineers finished pouring the last section of concrete at a new hydroelectric dam
on the upper Naryn river this week, a project that the government in Bishkek hopes will double the
electricity the country can export during the summer months.

The dam, financed partly by a loan from a regional development bank, will hold back a reservoir
eleven kilometres long. Villagers from three settlements in the valley have been moved to new
houses on higher ground, and some say the compensation they received was too small to buy land.

Officials from the energy ministry told reporters that the first turbine should start producing
power before the end of next year. Two further turbines will follow once the reservoir has filled,
a process that depends on snowfall in the mountains over the next two winters.

Environmental researchers at a university in Osh warned that the river's fish populations could
fall sharply unless the operators release enough water in late summer, when the spawning season
begins. The company running the project has promised to publish monitoring data every quarter."""
