"""`huiwu demo`: a fictional district (澄溪区) with a full roster, for trying the program out.

Every name here is invented. The data is deterministic (fixed seed) so screenshots and
benchmarks are repeatable.
"""

from __future__ import annotations

import datetime as dt
import random

from core.errors import Invalid
from core.model import DelegationScope, DepartmentKind, Post

DEMO_OFFICE_NAME = "澄溪区人民政府办公室"
TERM_START = dt.date(2022, 1, 10)

CONSTITUENT = [
    "区发展改革委", "区教委", "区科技局", "区经济信息委", "区民政局", "区司法局", "区财政局",
    "区人力社保局", "区规划自然资源局", "区生态环境局", "区住房城乡建委", "区城市管理局",
    "区交通局", "区水利局", "区农业农村委", "区商务委", "区文化旅游委", "区卫生健康委",
    "区退役军人事务局", "区应急局", "区审计局", "区市场监管局", "区统计局", "区医保局",
    "区林业局", "区体育局", "区信访办", "区大数据发展局", "区机关事务局", "区政府办公室",
]
TOWNSHIPS = [
    "东湖街道", "西岭街道", "南桥街道", "北塘街道", "中山街道", "溪口街道", "临川镇", "石门镇",
    "青石镇", "白沙镇", "双河镇", "金竹镇", "松溪镇", "长滩镇", "云台镇", "柳林镇", "三江镇",
    "黄桷镇", "花园镇", "马鞍镇",
]
STATE_ENTERPRISES = ["澄溪城市建设投资集团", "澄溪水务集团", "澄溪交通旅游集团"]

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田萧潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
GIVEN = "建国志明海燕晓东红梅丽华永强春林文军秀英立新国庆宏伟静怡思远子涵雨欣浩然嘉怡俊杰明轩一鸣晨曦雪松玉兰德胜振华清泉晓峰凌云书琴"


class _Names:
    def __init__(self, seed: int = 2026) -> None:
        self._rng = random.Random(seed)
        self._used: set[str] = set()

    def next(self) -> str:
        while True:
            given = "".join(self._rng.choice(GIVEN) for _ in range(self._rng.choice((1, 2))))
            name = self._rng.choice(SURNAMES) + given
            if name not in self._used:
                self._used.add(name)
                return name


def history_start(years: int, today: dt.date | None = None) -> dt.date:
    """The first day of `years` of demo history (the roster must already be in post then)."""
    return (today or dt.date.today()) - dt.timedelta(days=365 * years + 31)


def fill_demo(office, *, seed: int = 2026, since: dt.date | None = None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Write the demo roster through the roster service. Refuses a file that already has people.

    The roster's posts start at `since` (default TERM_START), early enough for any demo history."""
    roster = office.roster
    if roster.people():
        raise Invalid("该数据文件已有人员数据，不再写入演示数据。请用新的文件运行 huiwu demo --db 新文件路径。")
    names = _Names(seed)
    start = min(since or TERM_START, TERM_START)

    depts = {}
    for name in CONSTITUENT:
        depts[name] = roster.add_department(name, DepartmentKind.CONSTITUENT,
                                            is_legality_reviewer=(name == "区司法局"))
    for name in TOWNSHIPS:
        depts[name] = roster.add_department(name, DepartmentKind.TOWNSHIP)
    for name in STATE_ENTERPRISES:
        depts[name] = roster.add_department(name, DepartmentKind.STATE_ENTERPRISE)

    def leader(post: Post, title: str) -> int:
        person = roster.add_person(names.next())
        roster.appoint(person, post, start, title=title)
        return person

    mayor = leader(Post.MAYOR, "区长")
    executive = leader(Post.EXECUTIVE_VICE_MAYOR, "常务副区长")
    vice = [leader(Post.VICE_MAYOR, "副区长") for _ in range(5)]
    party = [leader(Post.PARTY_GROUP_MEMBER, "区政府党组成员") for _ in range(2)]
    leader(Post.OFFICE_DIRECTOR, "区政府办公室主任")
    for _ in range(3):
        leader(Post.OFFICE_DEPUTY_DIRECTOR, "区政府办公室副主任")

    for name, dept_id in depts.items():
        head = roster.add_person(names.next())
        title = "主任" if name.endswith(("委", "办", "办公室")) else (
            "局长" if name.endswith("局") else "书记" if name.endswith(("镇", "街道")) else "董事长")
        roster.appoint(head, Post.DEPARTMENT_HEAD, start, department_id=dept_id, title=title)
        deputy = roster.add_person(names.next())
        roster.appoint(deputy, Post.DEPUTY_HEAD, start, department_id=dept_id, title="副" + title)

    # Portfolios: the executive vice mayor keeps finance and development; the rest round-robin.
    supervisors = [executive, *vice]
    fixed = {"区财政局": executive, "区发展改革委": executive, "区审计局": mayor, "区政府办公室": executive}
    for i, (name, dept_id) in enumerate(sorted(depts.items())):
        chosen = fixed.get(name, supervisors[i % len(supervisors)])
        if chosen != mayor:
            roster.assign_portfolio(chosen, dept_id, start)

    # AB partners in pairs of vice mayors; the executive vice mayor pairs with the last one.
    roster.pair_partners(vice[0], vice[1], start)
    roster.pair_partners(vice[2], vice[3], start)
    roster.pair_partners(executive, vice[4], start)

    # One past trip of the mayor and one of a vice mayor (art. 5), for history.
    roster.add_delegation(mayor, executive, DelegationScope.GOVERNMENT_WORK,
                          dt.date(2026, 3, 2), dt.date(2026, 3, 6), reason="赴外地招商考察")
    roster.add_delegation(vice[0], vice[1], DelegationScope.PORTFOLIO,
                          dt.date(2026, 5, 11), dt.date(2026, 5, 15), reason="参加市级培训")
    return {
        "单位": len(depts),
        "人员": len(roster.people()),
        "领导": 2 + len(vice) + len(party),
    }
