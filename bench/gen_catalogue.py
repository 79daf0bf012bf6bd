#!/usr/bin/env python3
"""Fill a database with N synthetic matters (default 20,000) for bench/run.py.

It goes through the backend's own code: the migrations, `tongban demo load` (regions, departments
and the demo matters), then catalogue.service.upsert_matter for every generated matter, so the
search tokens and the FTS index are built exactly as in production.

Names are combinations of real service-guide vocabulary (qualifier + subject + action, e.g.
夫妻投靠户口迁移, 灵活就业人员基本养老保险关系转移); the same name recurs across departments, as
in a real city where every county's bureau publishes the same matter. All are marked demo.

    python bench/gen_catalogue.py --database-url sqlite:////tmp/bench.db -n 20000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

SUBJECTS = [
    "户口", "居民身份证", "居住证", "社会保障卡", "基本养老保险", "失业保险", "工伤保险", "医疗保险",
    "住房公积金", "机动车驾驶证", "机动车行驶证", "营业执照", "个体工商户", "食品经营许可证",
    "药品经营许可证", "排污许可证", "建筑工程施工许可证", "不动产", "出生医学证明", "婚姻", "收养",
    "残疾人证", "老年人优待证", "职业资格证书", "教师资格", "学历证明", "异地就医", "生育津贴",
    "最低生活保障", "临时救助", "退役军人", "道路运输经营许可证", "特种设备使用", "出入境证件",
    "港澳通行证", "护照", "无犯罪记录证明", "户籍证明", "税务", "个人所得税", "契税", "商标",
    "特困人员供养", "高龄津贴", "义务教育入学", "普通话水平测试", "宅基地", "林权", "取水许可",
    "烟草专卖零售许可证", "危险化学品经营许可证", "人力资源服务许可证", "就业创业证", "人事档案",
]
ACTIONS = [
    "申领", "补领", "换领", "变更登记", "注销登记", "设立登记", "迁移", "查询", "备案", "关系转移接续",
    "提取", "认定", "核验", "延续", "开具证明", "待遇申领", "信息变更", "挂失", "首次登记",
    "抵押登记", "申报", "资格认证", "补贴申领",
]
QUALIFIERS = [
    "", "", "", "", "个人", "企业", "灵活就业人员", "跨省", "省内", "退休人员", "新生儿", "外省户籍人员",
    "港澳台居民", "农村居民", "城镇职工", "城乡居民", "高校毕业生", "夫妻投靠", "父母投靠子女", "工作调动",
]
KEYWORDS = ["社保", "医保", "公积金", "户籍", "证照", "登记", "补贴", "跨省通办", "全市通办", "一网通办",
            "掌上办", "不见面审批", "老年人", "残疾人", "企业开办", "就业", "教育", "交通", "住房", "婚育"]
MATERIALS = [("居民身份证", "居民身份证"), ("居民户口簿", "居民户口簿"), ("结婚证", "结婚证"),
             ("营业执照", "营业执照"), ("申请表", None), ("授权委托书", None), ("出生医学证明", "出生医学证明")]
MODES = ["online", "proxy_window", "joint"]
SCOPES = ["kstb", "yrd", "citywide", "partner"]
CODE_PREFIX = "BENCH-"


def matter_input(i: int, rng: random.Random, departments: list[str]) -> dict[str, object]:
    qualifier, subject, action = rng.choice(QUALIFIERS), rng.choice(SUBJECTS), rng.choice(ACTIONS)
    name = f"{qualifier}{subject}{action}"
    limit = rng.choice([0, 1, 3, 5, 7, 10, 15, 20])
    audience = rng.choice([["person"], ["enterprise"], ["person", "enterprise"]])
    return {
        "code": f"{CODE_PREFIX}{i:06d}",
        "name": name,
        "summary": f"{name}：申请人可在线或到就近窗口提交材料，承诺{limit}个工作日内办结。",
        "aliases": [f"{subject}{action}"] if qualifier and rng.random() < 0.5 else [],
        "keywords": rng.sample(KEYWORDS, 2),
        "department": rng.choice(departments),
        "audience": audience,
        "modes": sorted(rng.sample(MODES, rng.randint(1, 2)), key=MODES.index),
        "time_limit_days": limit,
        "legal_time_limit_days": limit + rng.choice([0, 5, 10]),
        "min_assurance": rng.choice(["L1", "L2", "L2", "L3"]),
        "materials": [{"name": n, "licence_type": t} for n, t in rng.sample(MATERIALS, rng.randint(1, 3))],
        "provenance": "性能测试合成数据（bench/gen_catalogue.py），非真实事项。",
        "demo": True,
    }


def generate(n: int, seed: int, log: bool = True) -> int:
    """Create matters BENCH-000000 … up to n; returns how many were added (0 when already there)."""
    from sqlalchemy import func, select
    from tongban.catalogue import schemas, service
    from tongban.catalogue.models import Matter
    from tongban.core import migrate
    from tongban.demo import loader
    from tongban.directory import service as directory
    from tongban.extensions import db

    migrate.upgrade()
    have = db.session.scalar(select(func.count()).where(Matter.code.startswith(CODE_PREFIX))) or 0
    if have >= n:
        return 0
    loader.load_all()  # idempotent; gives the departments the matters belong to
    db.session.commit()
    departments = [d.code for d in directory.list_departments()]
    if not departments:
        raise SystemExit("no departments after `demo load`: cannot place matters")
    rng = random.Random(seed)
    schema = schemas.MatterInput()
    started = time.monotonic()
    for i in range(n):
        data = matter_input(i, rng, departments)  # drawn for every i so the data do not depend on `have`
        if i < have:
            continue
        matter = service.upsert_matter(schema.load(data))
        # Scopes normally follow from published lists; a bench spreads them so scope filters bite.
        service.set_matter_scopes(matter, rng.sample(SCOPES, rng.randint(1, 2)))
        if (i + 1) % 1000 == 0:
            db.session.commit()
            if log:
                rate = (i + 1 - have) / (time.monotonic() - started)
                print(f"  {i + 1:>6} matters  ({rate:.0f}/s)", file=sys.stderr)
    db.session.commit()
    return n - have


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database-url", required=True, help="SQLAlchemy URL (sqlite:///… or postgresql+psycopg://…)")
    p.add_argument("-n", "--matters", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=2021)
    a = p.parse_args()

    os.environ["TONGBAN_DATABASE_URL"] = a.database_url
    # production refuses SQLite; the catalogue code is the same in every environment
    os.environ.setdefault("TONGBAN_ENV", "production" if a.database_url.startswith("postgres") else "test")
    os.environ.setdefault("TONGBAN_SECRET_KEY", os.urandom(24).hex())
    os.environ.setdefault("TONGBAN_PUBLIC_URL", "https://bench.invalid")  # production wants one
    from tongban import create_app

    with create_app().app_context():
        added = generate(a.matters, a.seed)
        from tongban.extensions import db

        db.session.remove()
        if added and db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load: statistics for the planner, a visibility map.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()  # closes SQLite cleanly: the WAL is folded into the file run.py renames
    print(f"{a.matters} bench matters in the database ({added} added)")


if __name__ == "__main__":
    main()
