"""The premise checks added in English (tests/test_premises.py, bottom) hold in the eight other languages.

A resident who writes in Spanish, French, Portuguese, German, Indonesian, Korean, Japanese or Chinese and
says that a listed city "hasn't stopped being one" is told "Yes"; that it dropped the label, "No"; that
someone the material never names founded it, "No" (or "the material doesn't say" when the material credits
no one); that the Forum moves from city to city, that the report was a draft about national governments,
that local authorities hardly deal with human rights, that the idea was never developed, that the initiative
cuts communities off, or that international law weakens local claims, "No", in the source's own words; and
that one city has been one longer than another, "the material doesn't say". Each language says these things
its own way (knowledge/lexicon/<code>.yaml: claims.cessation, claims.agent_markers, claims.denials, the
comparatives among claims.superlatives.oldest); the verdict leads the answer in that language.
"""

from __future__ import annotations

import pytest

from tests.test_premises import (actor_names, assert_cited, assert_leads_with, assert_leads_with_no_verdict_word,
                                 says_any)

# --- a stop denied, a stop said ----------------------------------------------------------------------

# (A stop denied is a Yes: the place is still one; a stop said is a No.)
STOP_DENIED = [
    ("es", "Utrecht no ha dejado de ser una ciudad de derechos humanos, ¿verdad?", "Utrecht"),
    ("es", "Graz nunca perdió el título de ciudad de derechos humanos, ¿no?", "Graz"),
    ("fr", "Utrecht n'a pas cessé d'être une ville des droits de l'homme, si ?", "Utrecht"),
    ("fr", "Graz n'a jamais renoncé à son titre, non ?", "Graz"),
    ("pt", "Utrecht não deixou de ser uma cidade dos direitos humanos, né?", "Utrecht"),
    ("pt", "Graz nunca abriu mão do título, certo?", "Graz"),
    ("de", "Utrecht hat nicht aufgehört, eine Menschenrechtsstadt zu sein, oder?", "Utrecht"),
    ("de", "Graz hat den Titel nie aufgegeben, oder?", "Graz"),
    ("id", "Utrecht belum berhenti jadi kota HAM kan?", "Utrecht"),
    ("id", "Graz gak pernah melepas gelar kota HAM-nya kan?", "Graz"),
    ("ko", "위트레흐트는 인권도시를 그만두지 않았죠?", "Utrecht"),
    ("ko", "그라츠는 인권도시 타이틀을 포기한 적 없죠?", "Graz"),
    ("ja", "ユトレヒトは人権都市をやめていないですよね？", "Utrecht"),
    ("ja", "グラーツは人権都市の称号を返上していませんよね？", "Graz"),
    ("zh-Hant", "烏特勒支並沒有退出人權城市，對吧？", "Utrecht"),
    ("zh-Hant", "格拉茲從來沒有放棄過，對嗎？", "Graz"),
]


STOP_SAID = [
    ("es", "Un amigo dice que Bogotá abandonó la etiqueta de ciudad de derechos humanos.", "Bogota"),
    ("es", "Me dijeron que Rosario se dio de baja como ciudad de derechos humanos", "Rosario"),
    ("fr", "Un ami dit que Bogota a abandonné le label de ville des droits humains.", "Bogota"),
    ("fr", "Graz a perdu son titre de ville des droits de l'homme, c'est ça ?", "Graz"),
    ("pt", "Um amigo disse que Bogotá abandonou o selo de cidade dos direitos humanos.", "Bogota"),
    ("pt", "Porto Alegre abriu mão do título, né?", "Porto Alegre"),
    ("de", "Ein Freund sagt, Bogotá hat das Label Menschenrechtsstadt aufgegeben.", "Bogota"),
    ("de", "Graz hat seinen Titel als Menschenrechtsstadt verloren, stimmt's?", "Graz"),
    ("id", "Kata temanku Bogota sudah melepas label kota HAM.", "Bogota"),
    ("id", "Graz kehilangan status kota HAM, kan?", "Graz"),
    ("ko", "친구가 그러는데 보고타가 인권도시 타이틀을 포기했대요.", "Bogota"),
    ("ja", "友だちが、ボゴタは人権都市の称号を返上したと言っていました。", "Bogota"),
    ("ja", "ユトレヒトは人権都市をやめましたよね？", "Utrecht"),
    ("zh-Hant", "我朋友說波哥大已經放棄了人權城市的名號。", "Bogota"),
    ("zh-Hant", "烏特勒支已經退出人權城市了，對吧？", "Utrecht"),
]


@pytest.mark.parametrize(("language", "question", "place", "verdict"),
                         [(*case, "yes") for case in STOP_DENIED] + [(*case, "no") for case in STOP_SAID])
def test_a_listed_place_said_or_denied_to_have_stopped_being_one(engine, language, question, place, verdict):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.city is not None and answer.city.name == place and answer.city.listed, (question, answer.outcome)
    assert_leads_with(answer, verdict)
    assert_cited(engine, answer)


# --- someone the material never names, credited with what was done ---------------------------------
# (Languages read by words only: in Korean, Japanese and Chinese a name is not told from the words around it.)

STRANGER_LAUNCHED = [
    ("es", "El concepto de ciudad de derechos humanos fue lanzado por Jane Jacobs, ¿no?"),
    ("fr", "Le concept de ville des droits humains a été lancé par Jane Jacobs, non ?"),
    ("pt", "O conceito foi lançado pela Jane Jacobs, né?"),
    ("de", "Das Konzept wurde 1997 gegründet von Jane Jacobs, richtig?"),
    ("de", "Das Konzept wurde von Jane Jacobs ins Leben gerufen, oder?"),
    ("id", "Konsep kota HAM diluncurkan oleh Jane Jacobs kan?"),
    ("id", "Konsep kota HAM digagas sama Jane Jacobs ya?"),
]


@pytest.mark.parametrize(("language", "question"), STRANGER_LAUNCHED)
def test_crediting_the_launch_to_someone_the_material_never_names_is_answered_no(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == "origin", (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert says_any(answer.text.split(".")[0], actor_names(engine, "pdhre", language)), answer.text[:160]
    assert_cited(engine, answer)


UNCREDITED = [
    ("es", "El Movimiento de los Pueblos fue fundado por Shulamith Koenig, ¿verdad?", None),
    ("es", "¿La Declaración de Gwangju fue adoptada por Park Won-soon en 2011?", "gwangju_declaration"),
    ("fr", "Le Mouvement des peuples a été fondé par Shulamith Koenig, c'est ça ?", "pdhre"),
    ("fr", "La Déclaration de Gwangju a-t-elle été adoptée par Park Won-soon en 2011 ?", "gwangju_declaration"),
    ("pt", "O Movimento dos Povos foi fundado por Shulamith Koenig, né?", "pdhre"),
    ("pt", "A Declaração de Gwangju foi adotada por Park Won-soon em 2011?", "gwangju_declaration"),
    ("de", "Die Volksbewegung wurde gegründet von Shulamith Koenig, oder?", "pdhre"),
    ("de", "Wurde die Gwangju-Erklärung 2011 von Park Won-soon verabschiedet?", "gwangju_declaration"),
    # (the agent before the participle, as German puts it)
    ("de", "Die Volksbewegung für Menschenrechtsbildung wurde von Shulamith Koenig gegründet, oder?", "pdhre"),
    ("id", "Gerakan Rakyat untuk Pendidikan HAM didirikan oleh Shulamith Koenig kan?", "pdhre"),
    ("id", "Apakah Deklarasi Gwangju diadopsi oleh Park Won-soon tahun 2011?", "gwangju_declaration"),
]


@pytest.mark.parametrize(("language", "question", "intent"), UNCREDITED)
def test_who_did_what_the_material_does_not_credit_is_not_said(engine, language, question, intent):
    # (None: too few words the answers know to be matched; the material's silence is said all the same)
    answer = engine.ask(question)

    assert answer.language == language
    if intent is not None:
        assert answer.intent is not None and answer.intent.id == intent, (question, answer.outcome)
    assert answer.verdict == "not_said", (question, answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)


# --- saying the opposite of what the source states ----------------------------------------------------

FORUM = "holds an annual meeting in the city of Gwangju"
REPORT = "Final Report on Role of Local Government"
EVERYDAY = "everyday basis"
DEVELOPED = "normative concept"
CONNECTS = "connect local communities"
REINFORCES = "reinforce local claims"

OPPOSITES = [
    ("es", "El Foro cambia de ciudad cada año, ¿verdad?", "forum", FORUM),
    ("es", "El foro mundial se celebra cada año en una ciudad distinta, ¿no?", "forum", FORUM),
    ("es", "El informe de 2015 trataba sobre el papel de los gobiernos nacionales, ¿no?", "un_report", REPORT),
    ("es", "El informe de la ONU era solo un borrador, ¿verdad?", "un_report", REPORT),
    ("es", "Las autoridades locales casi nunca tratan temas de derechos humanos, ¿no?", "local_government", EVERYDAY),
    ("es", "El concepto nunca se desarrolló más después de 1997, ¿cierto?", "forum", DEVELOPED),
    ("es", "La iniciativa aísla a las comunidades locales del movimiento global de derechos humanos, ¿no?",
     "global_movement", CONNECTS),
    ("es", "El derecho internacional de los derechos humanos debilita los reclamos locales, ¿verdad?",
     "international_law", REINFORCES),
    ("fr", "Le Forum change de ville chaque année, non ?", "forum", FORUM),
    ("fr", "Le rapport de 2015 portait sur le rôle des gouvernements nationaux, non ?", "un_report", REPORT),
    ("fr", "Le rapport n'était qu'un brouillon, c'est ça ?", "un_report", REPORT),
    ("fr", "Les collectivités locales traitent rarement des questions de droits de l'homme, c'est ça ?",
     "local_government", EVERYDAY),
    ("fr", "Le concept n'a jamais été développé davantage après 1997, non ?", "forum", DEVELOPED),
    ("fr", "L'initiative coupe les communautés locales du mouvement mondial des droits humains, non ?",
     "global_movement", CONNECTS),
    ("fr", "Le droit international des droits de l'homme affaiblit les revendications locales, non ?",
     "international_law", REINFORCES),
    ("pt", "O Fórum muda de cidade todo ano, né?", "forum", FORUM),
    ("pt", "O relatório de 2015 era sobre o papel dos governos nacionais, né?", "un_report", REPORT),
    ("pt", "O relatório de 2015 era só um rascunho, né?", "un_report", REPORT),
    ("pt", "As autoridades locais quase nunca lidam com direitos humanos, né?", "local_government", EVERYDAY),
    ("pt", "A ideia não foi desenvolvida depois de 1997, certo?", "forum", DEVELOPED),
    ("pt", "A iniciativa isola as comunidades locais do movimento global de direitos humanos, né?",
     "global_movement", CONNECTS),
    ("pt", "O direito internacional dos direitos humanos enfraquece as reivindicações locais, né?",
     "international_law", REINFORCES),
    ("de", "Das Forum findet jedes Jahr in einer anderen Stadt statt, oder?", "forum", FORUM),
    ("de", "Das Weltforum wechselt jedes Jahr den Ort, stimmt's?", "forum", FORUM),
    ("de", "Der Bericht von 2015 ging um die Rolle der nationalen Regierungen, oder?", "un_report", REPORT),
    ("de", "Der Bericht war nur ein Entwurf, oder?", "un_report", REPORT),
    ("de", "Kommunen haben kaum mit Menschenrechten zu tun, oder?", "local_government", EVERYDAY),
    ("de", "Das Konzept wurde nach 1997 nie weiterentwickelt, oder?", "forum", DEVELOPED),
    ("de", "Die Initiative schneidet lokale Gemeinschaften von der globalen Menschenrechtsbewegung ab, oder?",
     "global_movement", CONNECTS),
    ("de", "Das internationale Menschenrechtsrecht schwächt die lokalen Ansprüche, oder?",
     "international_law", REINFORCES),
    ("id", "Forumnya pindah-pindah kota tiap tahun kan?", "forum", FORUM),
    ("id", "Laporan 2015 itu tentang peran pemerintah nasional kan?", "un_report", REPORT),
    ("id", "Laporan 2015 itu cuma draf kan?", "un_report", REPORT),
    ("id", "Pemerintah daerah jarang banget ngurusin HAM kan?", "local_government", EVERYDAY),
    ("id", "Konsepnya tidak pernah dikembangkan lagi setelah 1997 kan?", "forum", DEVELOPED),
    ("id", "Inisiatif ini memutus komunitas lokal dari gerakan HAM global kan?", "global_movement", CONNECTS),
    ("id", "Hukum HAM internasional justru melemahkan klaim lokal, kan?", "international_law", REINFORCES),
    ("ko", "세계인권도시포럼은 매년 다른 도시에서 열리죠?", "forum", FORUM),
    ("ko", "2015년 보고서는 중앙정부의 역할에 관한 거였죠?", "un_report", REPORT),
    ("ko", "그 보고서는 그냥 초안이었죠?", "un_report", REPORT),
    ("ko", "2015년 보고서는 최종 보고서가 아니었죠?", "un_report", REPORT),
    ("ko", "지방정부는 인권 문제를 거의 다루지 않죠?", "local_government", EVERYDAY),
    ("ko", "그 개념은 1997년 이후로 더 발전되지 않았죠?", "forum", DEVELOPED),
    ("ko", "인권도시 이니셔티브는 지역 공동체를 세계 인권운동과 단절시키죠?", "global_movement", CONNECTS),
    ("ko", "국제인권법은 지역의 요구를 약화시키죠?", "international_law", REINFORCES),
    ("ja", "フォーラムの開催地は毎年変わるんですよね？", "forum", FORUM),
    ("ja", "2015年の報告書は国の政府の役割についてのものでしたよね？", "un_report", REPORT),
    ("ja", "2015年の報告書はただの草案でしたよね？", "un_report", REPORT),
    ("ja", "地方自治体は人権問題をほとんど扱わないですよね？", "local_government", EVERYDAY),
    ("ja", "その概念は1997年以降、それ以上発展しなかったんですよね？", "forum", DEVELOPED),
    ("ja", "人権都市の取り組みは地域社会を世界の人権運動から切り離しますよね？", "global_movement", CONNECTS),
    ("ja", "国際人権法は地域の主張を弱めるんですよね？", "international_law", REINFORCES),
    ("zh-Hant", "論壇每年輪流在不同城市舉辦，是嗎？", "forum", FORUM),
    ("zh-Hant", "2015年的報告是關於中央政府的角色，對吧？", "un_report", REPORT),
    ("zh-Hant", "那份報告只是草案，對嗎？", "un_report", REPORT),
    ("zh-Hant", "地方政府很少處理人權問題，對吧？", "local_government", EVERYDAY),
    ("zh-Hant", "這個概念在1997年之後就沒有再發展了，對嗎？", "forum", DEVELOPED),
    ("zh-Hant", "人權城市倡議讓地方社區與全球人權運動脫節，對吧？", "global_movement", CONNECTS),
    ("zh-Hant", "國際人權法削弱了地方的訴求，是嗎？", "international_law", REINFORCES),
]


@pytest.mark.parametrize(("language", "question", "intent", "stated"), OPPOSITES)
def test_saying_the_opposite_of_what_the_source_states_is_answered_no_with_its_words(engine, language, question,
                                                                                      intent, stated):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.intent is not None and answer.intent.id == intent, (question, answer.outcome)
    assert_leads_with(answer, "no")
    assert any(stated in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    assert_cited(engine, answer)


# The same topics asked about, not denied: the denials' words are specific enough not to fire here.
ASKED_NOT_DENIED = [
    ("es", "¿Dónde se reúne el Foro cada año?"),
    ("es", "¿El foro se ha celebrado alguna vez en una ciudad distinta de Gwangju?"),
    ("es", "¿El informe de 2015 es un informe final?"),
    ("es", "¿Por qué importan los gobiernos locales y no solo los gobiernos nacionales?"),
    ("es", "¿Cómo conecta la iniciativa a las comunidades locales con el movimiento global?"),
    ("es", "Antes que nada, ¿qué es una ciudad de derechos humanos?"),
    ("fr", "Sur quoi portait le rapport de 2015 ?"),
    ("fr", "Pourquoi les autorités locales, et pas seulement les gouvernements nationaux, comptent-elles ?"),
    ("fr", "Quel rôle joue le droit international pour les villes des droits humains ?"),
    ("pt", "O relatório de 2015 é um relatório final?"),
    ("pt", "Por que as autoridades locais importam, e não só os governos nacionais?"),
    ("pt", "O fórum já aconteceu numa cidade diferente de Gwangju?"),
    ("de", "Ist der Bericht von 2015 ein Abschlussbericht?"),
    ("de", "Warum sind Kommunen wichtig und nicht nur nationale Regierungen?"),
    ("de", "Wie verbindet die Initiative lokale Gemeinschaften mit der globalen Bewegung?"),
    ("id", "Apakah laporan 2015 itu laporan final?"),
    ("id", "Kenapa pemerintah daerah penting, bukan cuma pemerintah nasional?"),
    ("ko", "2015년 보고서는 최종 보고서인가요?"),
    ("ko", "인권도시는 지역 공동체를 세계 인권운동과 어떻게 연결하나요?"),
    ("ja", "2015年の報告書は最終報告書ですか？"),
    ("ja", "国際人権法は人権都市にとってどんな役割がありますか？"),
    ("zh-Hant", "2015年的報告是最終報告嗎？"),
    ("zh-Hant", "人權城市如何把地方社區和全球人權運動連結起來？"),
]


@pytest.mark.parametrize(("language", "question"), ASKED_NOT_DENIED)
def test_asking_about_what_the_source_states_is_never_answered_no(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict != "no", (question, answer.text[:120])


# --- comparing places --------------------------------------------------------------------------------

COMPARED = [
    ("es", "Porto Alegre es ciudad de derechos humanos desde hace más tiempo que Bogotá, ¿no?"),
    ("es", "Graz se declaró ciudad de derechos humanos antes que ninguna otra, ¿verdad?"),
    ("fr", "Porto Alegre est une ville des droits humains depuis plus longtemps que Bogota, non ?"),
    ("pt", "Porto Alegre é cidade dos direitos humanos há mais tempo que Bogotá, né?"),
    ("de", "Porto Alegre ist schon länger Menschenrechtsstadt als Bogotá, oder?"),
    ("de", "Graz war früher Menschenrechtsstadt als Utrecht, stimmt's?"),
    ("id", "Porto Alegre sudah lebih lama jadi kota HAM daripada Bogota kan?"),
    ("id", "Graz jadi kota HAM lebih dulu dari Utrecht ya?"),
    ("ko", "그라츠가 위트레흐트보다 먼저 인권도시가 됐죠?"),
    ("ja", "ポルトアレグレはボゴタより長く人権都市ですよね？"),
    ("ja", "グラーツはユトレヒトより先に人権都市になったんですよね？"),
    ("zh-Hant", "格拉茲比烏特勒支更早成為人權城市，對嗎？"),
]


@pytest.mark.parametrize(("language", "question"), COMPARED)
def test_comparing_how_long_two_places_have_been_one_is_not_said(engine, language, question):
    answer = engine.ask(question)

    assert answer.language == language
    assert answer.verdict == "not_said", (question, answer.verdict, answer.text[:120])
    assert_leads_with_no_verdict_word(answer)


# --- claims answered with the source's values, in every language ------------------------------------------

# Each kind of claim, as each language says it: the verdict leads the answer, and its first line gives the
# source's values (a year, a place, the counts, both dates). Each language writes them its own way
# (knowledge/lexicon/<code>.yaml `claims`; years and numbers in words composed by bot/numerals.py).
# (language, question, verdict, what the first line says, how many notes the answer shows: None, not asked)
VALUES_IN_EACH_LANGUAGE = [
    # A year said in words is checked like one typed in digits: the right one confirmed, a wrong one
    # corrected with the source's year.
    ("en", "was the concept launched in nineteen ninety-seven?", "yes", ("1997",), None),
    ("en", "the Gwangju Declaration was adopted in two thousand and nine, right?", "no", ("2011",), None),
    ("en", "was the declaration adopted in twenty twelve?", "no", ("2011",), None),
    ("es", "el concepto se lanzó en mil novecientos noventa y siete, ¿verdad?", "yes", ("1997",), None),
    ("es", "¿la Declaración de Gwangju fue adoptada en dos mil nueve?", "no", ("2011",), None),
    ("fr", "le concept a été lancé en mil neuf cent nonante-sept ?", "yes", ("1997",), None),
    ("fr", "la déclaration de Gwangju a été adoptée en deux mille neuf ?", "no", ("2011",), None),
    ("fr", "le concept a été lancé en mille neuf cent quatre-vingt-dix-sept, non ?", "yes", ("1997",), None),
    ("pt", "o conceito foi lançado em mil novecentos e noventa e sete, certo?", "yes", ("1997",), None),
    ("pt", "a Declaração de Gwangju foi adotada em dois mil e doze?", "no", ("2011",), None),
    ("de", "Das Konzept wurde neunzehnhundertsiebenundneunzig eingeführt, stimmt's?", "yes", ("1997",), None),
    ("de", "Die Gwangju-Erklärung wurde zweitausendneun verabschiedet, oder?", "no", ("2011",), None),
    ("id", "konsep ini diluncurkan tahun seribu sembilan ratus sembilan puluh tujuh ya?", "yes", ("1997",), None),
    ("id", "deklarasi gwangju diadopsi tahun dua ribu dua belas kan?", "no", ("2011",), None),
    ("ko", "광주선언은 이천십일년에 채택됐나요?", "yes", ("2011",), None),
    ("ko", "인권도시 개념은 천구백구십삼년에 처음 나온 거죠?", "no", ("1997",), None),
    ("ja", "光州宣言は平成23年に採択されましたか", "yes", ("2011",), None),
    ("ja", "人権都市の考え方は一九九三年に始まったんですよね？", "no", ("1997",), None),
    ("zh-Hant", "光州宣言是民國100年通過的嗎", "yes", ("2011",), None),
    ("zh-Hant", "人權城市的概念是二〇〇五年提出的嗎？", "no", ("1997",), None),
    # A year of the last century in two digits or words, after the words that open one.
    ("es", "el concepto se lanzó en el noventa y siete, ¿no?", "yes", ("1997",), None),
    ("en", "was the concept launched in 93, right?", "no", ("1997",), None),
    ("zh-Hant", "人權城市的概念是九七年提出的嗎？", "yes", ("1997",), None),
    # A day in words beside a month is the day ("diecisiete de mayo"); a count in words next to an everyday
    # word that is also a month name is still a count ("there may be three duties").
    ("es", "¿la Declaración de Gwangju se adoptó el diecisiete de mayo de dos mil once?", "yes", ("17", "2011"), None),
    ("es", "la Declaración de Gwangju se adoptó el dieciocho de mayo de 2011, ¿no?", "no", ("17", "2011"), None),
    ("en", "there may be three duties, right?", "yes", ("three",), None),
    # An event's name with another place in it is corrected with the place of its name.
    ("es", "la Declaración de Bogotá se adoptó en 2011, ¿no?", "no", ("Gwangju",), None),
    ("fr", "la Déclaration de Barcelone a été adoptée en 2011, c'est ça ?", "no", ("Gwangju",), None),
    ("de", "Die Seoul-Erklärung wurde 2011 verabschiedet, oder?", "no", ("Gwangju",), None),
    ("id", "Deklarasi Jakarta diadopsi tahun 2011 kan?", "no", ("Gwangju",), None),
    ("ko", "서울선언은 2011년에 채택됐죠?", "no", ("광주",), None),
    ("ja", "ソウル宣言は2011年に採択されたよね", "no", ("光州",), None),
    # Two regions compared by the places the material names in each (Europe 6, Africa 5); the grouping is
    # the bot's own, shown as a note, once.
    ("es", "¿hay más lugares en África que en Europa?", "no", ("5", "6"), 1),
    ("fr", "il y a plus de villes en Afrique qu'en Europe ?", "no", ("5", "6"), 1),
    ("de", "Gibt es mehr Orte in Afrika als in Europa?", "no", ("5", "6"), 1),
    ("ja", "アフリカはヨーロッパより多いですか", "no", ("5", "6"), 1),
    ("zh-Hant", "非洲的人權城市比歐洲多嗎", "no", ("5", "6"), 1),
    # Two events put in the wrong order: the Declaration (2011) came before the report (2015). Read in the
    # languages whose words of order stand before the event (Korean, Japanese and Chinese put them after
    # it and are not read yet).
    ("es", "la Declaración de Gwangju se adoptó después del informe de la ONU, ¿no?", "no", ("2011", "2015"), None),
    ("fr", "la déclaration de Gwangju a été adoptée après le rapport de l'ONU ?", "no", ("2011", "2015"), None),
    ("pt", "a Declaração de Gwangju foi adotada depois do relatório da ONU, né?", "no", ("2011", "2015"), None),
    ("de", "Die Gwangju-Erklärung kam nach dem UN-Bericht, oder?", "no", ("2011", "2015"), None),
    ("id", "Deklarasi Gwangju diadopsi setelah laporan PBB kan?", "no", ("2011", "2015"), None),
]


@pytest.mark.parametrize(("language", "question", "verdict", "values", "notes"), VALUES_IN_EACH_LANGUAGE)
def test_a_claim_in_each_language_is_answered_with_the_sources_values(engine, language, question, verdict, values,
                                                                       notes):
    answer = engine.ask(question, language=language)

    assert answer.language == language
    assert_leads_with(answer, verdict)
    first = answer.text.split("\n")[0]
    assert all(value in first for value in values), (values, answer.text[:200])
    if notes is not None:
        assert len(answer.notes) == notes, answer.notes


# --- claims that decide the answer, in every language --------------------------------------------------

# (language, question, the answer it gets — None: not asked —, verdict)
ANSWERS_IN_EACH_LANGUAGE = [
    # Who is said to have done what (even where the answer is another's), an organisation's founding
    # before a tag, a place said to be where (not who), a question opened by a word that asks only there,
    # and a digit repeating a word (no count).
    ("es", "o sea que fue el foro de Corea el que inventó la idea?", None, "no"),
    ("pt", "a PDHRE foi fundada em 1993, não foi?", None, "not_said"),
    ("de", "Wurde das Konzept damals in Genf ins Leben gerufen?", None, "not_said"),
    ("es", "qué obligaciones tiene un ayuntamiento en materia de derechos humanos", None, None),
    ("id", "kota2 mana aja yg udah jadi kota HAM", None, None),
    # Not the UN at large (which the report's authors belong to): its Secretary-General, another actor.
    ("de", "Hat der UN-Generalsekretär den Bericht geschrieben?", None, "no"),
    ("en", "the UN Secretary-General wrote the 2015 report, right?", None, "no"),
    # "Is Bandung the only one in Indonesia?" asks about the country's places: it is answered with them,
    # and the list's "among others" leaves "only" unsaid.
    ("en", "Is Bandung the only one in Indonesia?", "places_in_country", "not_said"),
    ("id", "Bandung satu-satunya kota HAM di Indonesia ya?", "places_in_country", "not_said"),
    ("ja", "日本だと堺だけ？", "places_in_country", "not_said"),
    ("de", "Graz ist die einzige Menschenrechtsstadt in Österreich, gell?", "places_in_country", "not_said"),
    # A place set aside by a word after it, as Korean, Japanese and Chinese say it: the question is about
    # the region; "none besides it" asks whether it is the only one.
    ("ko", "광주 말고 아시아에 다른 인권도시 있어?", "places_in_region", "yes"),
    ("ja", "光州以外にアジアで人権都市はありますか", "places_in_region", "yes"),
    ("ko", "한국은 광주 말고는 없는 거지?", "places_in_country", "not_said"),
    # The asker says where they live, then that "we" are one: the question is about their own place,
    # greeting or not (it had been the greeting, the definition, or nothing at all).
    ("en", "hi, I live in Graz and my grandma says we are a human rights city. is that true?", "place_listed", "yes"),
    ("de", "Hi, ich wohn in Graz und meine Oma sagt immer, wir sind eine Menschenrechtsstadt. Stimmt das laut deinem Text?",
     "place_listed", "yes"),
    ("en", "I live in Vienna and we are a human rights city, right?", "place_listed", "not_said"),
]


@pytest.mark.parametrize(("language", "question", "intent", "verdict"), ANSWERS_IN_EACH_LANGUAGE)
def test_a_claim_in_each_language_gets_the_answer_and_verdict_the_source_gives(engine, language, question, intent,
                                                                               verdict):
    answer = engine.ask(question, language=language)

    assert answer.language == language
    if intent is not None:
        assert answer.intent is not None and answer.intent.id == intent, answer.intent
    assert answer.verdict == verdict, (answer.verdict, answer.text[:160])
