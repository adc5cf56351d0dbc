"""Benchmark content of the conferences app, for ``seed_benchmark``: synthetic speakers (「ベンチマーク登壇者17」 /
"Benchmark speaker 17") and conferences (「ベンチマーク会議17」 / "Benchmark conference 17") in every format, past and
future, drafts and published, each with sessions linked to the benchmark cities, SDG goals and speakers."""

import datetime

from django.db.models import Max
from django.utils import timezone

from cities.models import City, SDGGoal
from conferences.models import (
    Appearance,
    AppearanceRole,
    Conference,
    ConferenceFormat,
    Session,
    SessionKind,
    Speaker,
)
from yport.benchmark import (
    SLUG_PREFIX,
    SYNTHETIC_EN,
    SYNTHETIC_JA,
    NoProgress,
    bench_slug,
    bulk_insert,
    missing_numbers,
    publication,
    rng_for,
)

# Far above any real edition of the series, so a benchmark conference never takes a real one's number.
EDITION_BASE = 1000
MAX_CONFERENCES = 30000  # edition is a small integer (at most 32767)
DAYS_BETWEEN = 24  # apart: 300 conferences span the last 15 years and the next 4

# (Japanese, English): generic job titles, without a person.
POSITIONS = (
    ("局長", "Director General"),
    ("副局長", "Deputy Director"),
    ("課長", "Head of Division"),
    ("部長", "General Manager"),
    ("教授", "Professor"),
    ("研究員", "Researcher"),
    ("代表取締役", "President"),
    ("プログラムオフィサー", "Programme Officer"),
)
TOPICS = (
    ("脱炭素", "decarbonisation"),
    ("SDGs・VLR", "SDGs and VLR"),
    ("スマートシティ", "smart city"),
    ("公民連携", "public-private partnership"),
    ("廃棄物管理", "waste management"),
    ("都市交通", "urban transport"),
    ("防災", "disaster risk reduction"),
    ("上下水道", "water and sanitation"),
)
SESSION_KINDS = (SessionKind.PLENARY, SessionKind.THEMATIC, SessionKind.PANEL, SessionKind.WORKSHOP, SessionKind.OTHER)
FORMATS = (ConferenceFormat.ON_SITE, ConferenceFormat.ONLINE, ConferenceFormat.HYBRID)


def benchmark_conferences():
    return Conference.objects.filter(slug__startswith=SLUG_PREFIX)


def benchmark_speakers():
    return Speaker.objects.filter(slug__startswith=SLUG_PREFIX)


# --- Speakers ---------------------------------------------------------------------------------------------------


def organisation_of(number: int, city_numbers: dict[int, City]) -> tuple[str, str, City | None]:
    """A synthetic organisation: a benchmark city's department (then the speaker belongs to that city), a company,
    a university or an international organisation."""
    kind = number % 4
    if kind == 0 and city_numbers:
        city_number = sorted(city_numbers)[number // 4 % len(city_numbers)]
        return (
            f"ベンチマーク市{city_number}計画投資局",
            f"Department of Planning and Investment, Benchmark city {city_number}",
            city_numbers[city_number],
        )
    if kind == 1:
        return f"ベンチマーク株式会社{number % 97}", f"Benchmark Company {number % 97}", None
    if kind == 2:
        return f"ベンチマーク大学{number % 31}", f"Benchmark University {number % 31}", None
    return f"ベンチマーク国際機関{number % 13}", f"Benchmark International Organisation {number % 13}", None


def build_speaker(number: int, city_numbers: dict[int, City]) -> Speaker:
    rng = rng_for("speaker", number)
    position_ja, position_en = rng.choice(POSITIONS)
    organisation_ja, organisation_en, city = organisation_of(number, city_numbers)
    has_english = number % 10 != 0  # some speakers have no English text and fall back to Japanese
    has_biography = number % 5 != 0
    return Speaker(
        slug=bench_slug("speaker", number),
        name_ja=f"ベンチマーク登壇者{number}",
        name_en=f"Benchmark speaker {number}" if has_english else "",
        position_ja=position_ja,
        position_en=position_en if has_english else "",
        organisation_ja=organisation_ja,
        organisation_en=organisation_en if has_english else "",
        city=city,
        biography_ja=(f"ベンチマーク登壇者{number}の略歴です。{SYNTHETIC_JA}" * 3) if has_biography else "",
        biography_en=(f"The short biography of benchmark speaker {number}. {SYNTHETIC_EN} " * 3).strip()
        if has_biography and has_english
        else "",
    )


def seed_speakers(count: int, progress) -> int:
    numbers = missing_numbers(count, benchmark_speakers().values_list("slug", flat=True), "speaker")
    city_numbers = {
        int(city.slug.rsplit("-", 1)[1]): city
        for city in City.objects.filter(slug__startswith=f"{SLUG_PREFIX}city-").only("pk", "slug")
    }
    bar = progress("speakers", len(numbers))
    bulk_insert(Speaker, [build_speaker(number, city_numbers) for number in numbers], progress=bar)
    bar.close()
    return len(numbers)


# --- Conferences and sessions -----------------------------------------------------------------------------------



def build_conference(number: int, today: datetime.date, now: datetime.datetime) -> Conference:
    rng = rng_for("conference", number)
    if number % 4 == 3:  # a quarter are still to come
        start = today + datetime.timedelta(days=30 + number * DAYS_BETWEEN % (4 * 365))
    else:
        start = today - datetime.timedelta(days=30 + number * DAYS_BETWEEN % (15 * 365))
    conference_format = FORMATS[number % len(FORMATS)]
    on_site = conference_format != ConferenceFormat.ONLINE
    topic_ja, topic_en = rng.choice(TOPICS)
    return Conference(
        slug=bench_slug("conference", number),
        edition=EDITION_BASE + number,
        title_ja=f"ベンチマーク会議{number}",
        title_en=f"Benchmark conference {number}",
        theme_ja=f"{topic_ja}と持続可能な都市づくり（ベンチマーク）",
        theme_en=f"{topic_en.capitalize()} and sustainable city-making (benchmark)",
        description_ja=(f"ベンチマーク会議{number}の説明です。{SYNTHETIC_JA}" * 4),
        description_en=(f"The description of benchmark conference {number}. {SYNTHETIC_EN} " * 4).strip(),
        start_date=start,
        end_date=start + datetime.timedelta(days=rng.randint(0, 2)),
        format=conference_format,
        venue_ja=f"ベンチマーク会議場{number % 7}" if on_site else "",
        venue_en=f"Benchmark convention centre {number % 7}" if on_site else "",
        participants=rng.randrange(100, 3000, 10) if start < today else None,
        organiser_ja="ベンチマーク実行委員会",
        organiser_en="Benchmark organising committee",
        report_url=f"https://example.com/benchmark/conference/{number}" if start < today else "",
        **publication(number, now),
    )


def build_sessions(conference: Conference, number: int) -> list[Session]:
    """4 to 12 sessions: a keynote first, then the other kinds."""
    rng = rng_for("conference-sessions", number)
    first_hour = timezone.make_aware(datetime.datetime.combine(conference.start_date, datetime.time(9)))
    sessions = []
    for index in range(rng.randint(4, 12)):
        topic_ja, topic_en = rng.choice(TOPICS)
        starts_at = first_hour + datetime.timedelta(hours=index)
        sessions.append(
            Session(
                conference=conference,
                slug=f"session-{index + 1:02d}",
                title_ja=f"ベンチマークセッション{number}-{index + 1}：{topic_ja}",
                title_en=f"Benchmark session {number}-{index + 1}: {topic_en}",
                kind=SessionKind.KEYNOTE if index == 0 else rng.choice(SESSION_KINDS),
                summary_ja=(f"{topic_ja}に関するセッションの概要です。{SYNTHETIC_JA}" * 3),
                summary_en=(f"A summary of the session on {topic_en}. {SYNTHETIC_EN} " * 3).strip(),
                starts_at=starts_at if index % 5 else None,
                ends_at=starts_at + datetime.timedelta(minutes=50) if index % 5 else None,
                order=(index + 1) * 10,
            )
        )
    return sessions


def role_for(session: Session, index: int) -> str:
    if session.kind == SessionKind.PANEL:
        return AppearanceRole.MODERATOR if index == 0 else AppearanceRole.PANELLIST
    if index == 3:
        return AppearanceRole.COMMENTATOR
    return AppearanceRole.SPEAKER


def build_appearance(session: Session, speaker: Speaker, *, index: int, order: int, turn: int) -> Appearance:
    """The speaker's position and organisation as at the conference: the current ones, or (every tenth ``turn``)
    the previous post."""
    role = role_for(session, index)
    values = {
        "position_ja": speaker.position_ja,
        "position_en": speaker.position_en,
        "organisation_ja": speaker.organisation_ja,
        "organisation_en": speaker.organisation_en,
    }
    if turn % 10 == 0:
        values["position_ja"], values["position_en"] = POSITIONS[turn // 10 % len(POSITIONS)]
    titled = role in (AppearanceRole.SPEAKER, AppearanceRole.PANELLIST)
    return Appearance(
        session=session,
        speaker=speaker,
        role=role,
        order=order,
        presentation_title_ja=f"ベンチマーク発表（{session.title_ja}）" if titled else "",
        presentation_title_en=f"Benchmark presentation ({session.title_en})" if titled else "",
        **values,
    )


def seed_conferences(count: int, progress) -> int:
    """Add the missing conferences with their sessions; each session gets 2 to 6 speakers, taken in turn so that
    every speaker appears, some cities and some SDG goals."""
    if count > MAX_CONFERENCES:
        raise ValueError(f"At most {MAX_CONFERENCES} benchmark conferences (the edition is a small number).")
    now = timezone.now()
    today = timezone.localdate(now)
    numbers = missing_numbers(count, benchmark_conferences().values_list("slug", flat=True), "conference")
    bar = progress("conferences", len(numbers) * 3)
    conferences = bulk_insert(Conference, [build_conference(number, today, now) for number in numbers], progress=bar)
    sessions, session_keys = [], []
    for number, conference in zip(numbers, conferences, strict=True):
        for session in build_sessions(conference, number):
            sessions.append(session)
            session_keys.append(f"{number}-{session.slug}")
    sessions = bulk_insert(Session, sessions)
    bar.advance(len(numbers))

    speakers = list(benchmark_speakers().order_by("slug"))
    city_ids = list(City.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug").values_list("pk", flat=True))
    goal_ids = list(SDGGoal.objects.order_by("number").values_list("pk", flat=True))
    turn = Appearance.objects.filter(speaker__in=benchmark_speakers()).count()
    appearances, session_cities, session_goals = [], [], []
    for session, key in zip(sessions, session_keys, strict=True):
        rng = rng_for("session-links", key)
        for index in range(min(rng.randint(2, 6), len(speakers))):
            speaker = speakers[turn % len(speakers)]  # distinct within the session: at most len(speakers) in a row
            appearances.append(build_appearance(session, speaker, index=index, order=(index + 1) * 10, turn=turn))
            turn += 1
        for city_id in rng.sample(city_ids, min(len(city_ids), rng.randint(0, 3))):
            session_cities.append(Session.cities.through(session_id=session.pk, city_id=city_id))
        for goal_id in rng.sample(goal_ids, min(len(goal_ids), rng.randint(0, 3))):
            session_goals.append(Session.sdg_goals.through(session_id=session.pk, sdggoal_id=goal_id))
    bulk_insert(Appearance, appearances)
    bulk_insert(Session.cities.through, session_cities)
    bulk_insert(Session.sdg_goals.through, session_goals)
    bar.advance(len(numbers))
    bar.close()
    return len(numbers)


def place_unseen_speakers(progress) -> int:
    """Give each benchmark speaker without an appearance (added by a later, larger run, or more speakers than
    places) one, at the end of a benchmark session in turn. Returns how many."""
    unseen = list(benchmark_speakers().filter(appearances__isnull=True).order_by("slug"))
    sessions = list(Session.objects.filter(conference__in=benchmark_conferences()).order_by("pk"))
    if not unseen or not sessions:
        return 0
    bar = progress("speakers to sessions", len(unseen))
    last_order = dict(
        Appearance.objects.filter(session__in=sessions).values_list("session").annotate(last=Max("order"))
    )
    appearances = []
    for index, speaker in enumerate(unseen):
        session = sessions[index % len(sessions)]
        last_order[session.pk] = last_order.get(session.pk, 0) + 10
        appearances.append(build_appearance(session, speaker, index=1, order=last_order[session.pk], turn=index + 1))
    bulk_insert(Appearance, appearances, progress=bar)
    bar.close()
    return len(unseen)


def seed(*, conferences: int, speakers: int, progress=NoProgress) -> dict[str, int]:
    """Add the missing benchmark speakers 1…``speakers`` and conferences 1…``conferences`` (with sessions and
    appearances); returns how many of each were added. Call inside a transaction, after the cities' seed."""
    added_speakers = seed_speakers(speakers, progress)
    added_conferences = seed_conferences(conferences, progress)
    place_unseen_speakers(progress)
    return {"speakers": added_speakers, "conferences": added_conferences}


def delete() -> dict[str, int]:
    """Delete the benchmark conferences (with their sessions and appearances) and speakers."""
    counts = {"conferences": benchmark_conferences().count(), "speakers": benchmark_speakers().count()}
    benchmark_conferences().delete()
    benchmark_speakers().delete()
    return counts
