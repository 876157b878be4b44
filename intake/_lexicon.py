"""Word lists the quote extractor leans on. Plain data, no logic beyond building sets."""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of saying that introduce a quotation or a reported ("that") clause, by surface form.
SPEECH_FORMS = _words(
    """
    said says saying say told tells telling added adds adding argued argues arguing
    declared declares declaring wrote writes writing stressed stresses stressing
    noted notes noting warned warns warning observed observes observing stated
    stating insisted insists insisting explained explains explaining asked asks asking
    replied replies replying responded responds responding tweeted tweets tweeting
    posted posts posting announced announces announcing claimed claims claiming
    asserted asserts asserting maintained maintains contended contends acknowledged
    acknowledges acknowledging admitted admits admitting conceded concedes suggested
    suggests suggesting predicted predicts predicting estimated estimates believes
    believed recalled recalls recalling remarked remarks remarking commented comments
    commenting emphasized emphasised emphasizes emphasises emphasizing emphasising
    underlined underlines reiterated reiterates reiterating concluded concludes
    cautioned cautions complained complains confirmed confirms confirming alleged
    alleges reported reports continued continues quipped read reads urged urges urging
    mentioned indicated indicates signalled signaled agreed agrees thinks thought hopes
    hoped fears feared expects expected described describes describing characterized
    characterised characterizing characterising called calls calling dubbed termed
    labelled labeled say argue believe suggest warn note estimate claim fear expect think
    contend predict agree insist tell
    """
)
BASE_FORMS = _words(
    "say argue believe suggest warn note estimate claim fear expect think contend predict "
    "agree insist tell"
)

# Speech acts whose object is itself the content ("expressed gratitude", "dismissed the remarks").
CONTENT_FORMS = _words(
    """
    expressed expresses echoed echoes pledged pledges vowed vows praised praises
    dismissed dismisses rejected rejects welcomed welcomes condemned condemns
    criticized criticised criticizes criticises accused accuses demanded demands
    proposed proposes hailed hails slammed slams denounced denounces reaffirmed
    reaffirms threatened threatens promised promises thanked thanks blamed blames
    denied denies lauded lauds
    """
)

# Present participles that hang off the main clause's subject (", stating, ...").
PARTICIPLES = frozenset(w for w in SPEECH_FORMS | CONTENT_FORMS if w.endswith("ing"))

# Cues after which a comma or colon opens a full (direct) quotation.
CUE_LEMMA = {
    "says": "said",
    "saying": "said",
    "say": "said",
    "tells": "told",
    "telling": "told",
    "adds": "added",
    "adding": "added",
    "stating": "stated",
    "states": "stated",
    "writes": "wrote",
    "writing": "wrote",
    "reads": "read",
}

PASSIVE_OPINION = _words(
    "interpreted seen viewed regarded described characterized characterised read welcomed "
    "criticized criticised dismissed hailed considered"
)

PRONOUNS_PERSON = _words("he she")

# Enough to tell "she" from "he" in diplomatic copy; a name in neither list decides nothing.
FEMALE_FIRST_NAMES = _words(
    """
    Ana Anna Angela Annalena Barbara Catherine Christine Claudia Dorothy Elena Elizabeth
    Emily Emma Gabriela Giorgia Hanna Hannah Helen Hillary Jacinda Jane Julia Kaja Kamala
    Karen Kristalina Laura Linda Lucia Maria Marie Mari Mary Melanie Nancy Natalia Olena
    Penny Rachel Samantha Sarah Sophie Susan Tammy Theresa Thérèse Ursula Valentina Yulia
    Yoko Mette Sanna Liz Kemi Yvette
    """
)
MALE_FIRST_NAMES = _words(
    """
    Abdullah Ahmed Alexander Andrii Antony Benjamin Boris Bruno Carlos Dmitry Donald
    Emmanuel Ernest Friedrich Hakan Ivan Jean-Noël Jean-Pierre John Joseph Keir Kenji
    Luis Marco Mark Maxime Michael Mohammed Nicolas Olaf Peter Radoslaw Recep Ronald
    Sergei Sergey Vladimir Volodymyr William Xavier Yoshimasa Andrzej Emmerson Narendra
    """
)
FEMALE_ROLES = _words(
    "spokeswoman chairwoman congresswoman queen princess empress duchess businesswoman"
)
MALE_ROLES = _words("spokesman chairman congressman king prince emperor duke businessman")
PRONOUNS_GROUP = _words("they")
PRONOUNS_THING = _words("it")

# Role nouns: "the minister said" resolves to the last named person holding the role.
ROLE_NOUNS = _words(
    """
    minister president leader professor analyst chairman chairwoman chair premier
    chancellor secretary ambassador envoy spokesman spokeswoman spokesperson general
    senator governor mayor director chief king queen prince emperor diplomat official
    commander lawmaker researcher scholar economist expert adviser advisor ruler
    strongman dictator negotiator prosecutor judge pope monarch pontiff
    """
)

# Unnamed sources: "an aide", "officials", "two people familiar with the talks".
ANON_HEADS = _words(
    """
    aide aides official officials analyst analysts expert experts diplomat diplomats
    source sources spokesman spokeswoman spokesperson spokespeople observer observers
    insider insiders adviser advisers advisor advisors lawmaker lawmakers legislator
    legislators critic critics resident residents witness witnesses people person
    commentator commentators scholar scholars researcher researchers economist
    economists negotiator negotiators officer officers soldier soldiers activist
    activists campaigners campaigner staffer staffers delegate delegates
    """
)

# Lower-case heads of bodies that speak ("South Korean intelligence", "the foreign ministry").
ORG_HEADS = _words(
    """
    intelligence ministry government military army navy police prosecutors authorities
    embassy administration regime parliament council agency committee office party
    court cabinet presidency commission command secretariat spy groups organisations
    organizations agencies
    """
)

OUTLET_HEADS = _words("media television broadcaster newspaper daily agency outlet tv radio")

# A possessor speaks through these: "Putin's message read".
DOC_NOUNS = _words(
    """
    message statement letter post tweet note communique communiqué address speech
    remarks comments announcement decree account readout
    """
)

# Words that start a fronted adverbial, skipped when looking for a clause's subject.
FRONT_WORDS = _words(
    """
    according as at in on during after before despite for with without while meanwhile
    yet however but and also still separately earlier later instead speaking asked
    following amid since when although though by from under over behind beyond
    unlike like last this thus so then now today yesterday moreover further furthermore
    indeed nevertheless nonetheless elsewhere previously ultimately overall similarly
    """
)

SKIP_BEFORE_VERB = _words(
    """
    also later then again previously earlier reportedly repeatedly has have had will
    would could can may might must shall should did does do is was were are be been
    not never once further separately subsequently immediately quickly swiftly
    publicly privately recently today yesterday tonight last week month year on
    monday tuesday wednesday thursday friday saturday sunday already even still
    simply flatly bluntly firmly
    """
)

DETERMINERS = _words(
    "a an the one two three four five several some many other others few most both "
    "this that these those his her their its our another"
)

FUNCTION_CAPS = _words(
    """
    The A An In On At Yet But And For With As While Despite Meanwhile According This That
    These Those It Its He She They We I His Her Their Our After Before During Both Behind
    Still However If When Where Why How What Who Which There Here Such Since Although
    Though Unlike Like Many Some Most Few Several Other Another Each Every No Not Nor Or
    So Then Now Today Yesterday Last Next Even Only Also Instead Earlier Later By From To
    Of Under Over Despite Amid Among Between Through Into Upon Former Mr Mrs Ms Dr
    """
)

# Titles stripped from the front of a name ("Russian Foreign Minister Sergei Lavrov").
TITLE_WORDS = frozenset(
    w.lower()
    for w in """
    Former President Vice Prime Minister Foreign Defence Defense Finance Interior Trade
    Secretary State Deputy First Chief Executive General Gen. Gen Lieutenant Lt. Colonel
    Col. Major Maj. Admiral Adm. Commander Chancellor King Queen Prince Princess Crown
    Sheikh Emir Sultan Senator Sen. Rep. Representative Congressman Congresswoman Speaker
    Ambassador Envoy Special Spokesman Spokeswoman Spokesperson Chairman Chairwoman Chair
    Leader Supreme Premier Governor Mayor Director Dr. Dr Prof. Professor Mr. Mr Mrs. Mrs
    Ms. Ms Pope Cardinal Archbishop Bishop Judge Justice Attorney Sir Dame Lord Lady
    Acting Interim Top Senior Minority Majority Party Secretary-General Director-General
    Vice-President Vice-Premier National Security Adviser Advisor Commissioner High
    Representative Analyst Economist Researcher Strategist Economy Energy Health Justice
    Culture Education Unification Intelligence Commerce Treasury Labour Labor Opposition
    Deputy-Leader Presidential Press Assistant Associate Managing Editor Correspondent
    leader president minister chairman premier spokesman spokeswoman spokesperson envoy
    ambassador analyst professor
    """.split()
)

NATIONALITIES = frozenset(
    """
    American British Chinese Russian North South Korean Japanese Ukrainian French German
    Italian Spanish Iranian Israeli Palestinian Indian Pakistani Turkish Saudi Egyptian
    Syrian Iraqi Afghan Canadian Mexican Brazilian Australian European Western Eastern
    Taiwanese Vietnamese Thai Indonesian Philippine Filipino Malaysian Singaporean
    Polish Dutch Belgian Swiss Swedish Norwegian Danish Finnish Greek Hungarian Czech
    Romanian Bulgarian Serbian Croatian Belarusian Georgian Armenian Azerbaijani Kazakh
    Uzbek Baltic Nordic Arab Asian African Latin Mongolian Qatari Emirati Jordanian
    Lebanese Yemeni Libyan Tunisian Algerian
    Moroccan Nigerian Kenyan Ethiopian Sudanese Somali Venezuelan Colombian Argentine
    Argentinian Chilean Peruvian Cuban Irish Scottish Welsh Austrian Portuguese U.S.
    U.K. EU U.N. UN Kremlin Chinese-born Beijing-based Seoul-based Moscow-based
    """.split()
)

STATES = frozenset(
    s.strip().lower()
    for s in """
    China|Russia|North Korea|South Korea|Korea|Japan|Ukraine|United States|U.S.|US|America|
    United Kingdom|U.K.|UK|Britain|France|Germany|Italy|Spain|Iran|Israel|India|Pakistan|
    Turkey|Türkiye|Saudi Arabia|Egypt|Syria|Iraq|Afghanistan|Canada|Mexico|Brazil|Australia|
    Taiwan|Vietnam|Thailand|Indonesia|Philippines|Malaysia|Singapore|Poland|Netherlands|
    Belgium|Switzerland|Sweden|Norway|Denmark|Finland|Greece|Hungary|Czech Republic|
    Romania|Bulgaria|Serbia|Croatia|Belarus|Georgia|Armenia|Azerbaijan|Kazakhstan|
    Mongolia|Qatar|United Arab Emirates|UAE|Jordan|Lebanon|Yemen|Libya|Tunisia|Algeria|
    Morocco|Nigeria|Kenya|Ethiopia|Sudan|Somalia|Venezuela|Colombia|Argentina|Chile|Peru|
    Cuba|Ireland|Austria|Portugal|Palestine|Myanmar|Cambodia|Laos|Bangladesh|Sri Lanka|
    Nepal|Beijing|Moscow|Washington|Pyongyang|Seoul|Tokyo|Kyiv|Kiev|Tehran|London|Paris|
    Berlin|Rome|Madrid|Ankara|Jerusalem|Tel Aviv|New Delhi|Delhi|Islamabad|Taipei|Hanoi|
    Bangkok|Jakarta|Manila|Canberra|Ottawa|Riyadh|Cairo|Damascus|Baghdad|Kabul|Warsaw|
    Brussels|Minsk|Tbilisi|Doha|Abu Dhabi|Havana|Caracas|People’s Republic of China|
    People's Republic of China|Russian Federation|Democratic People’s Republic of Korea|
    Republic of Korea|DPRK|ROK|PRC|Vatican|Holy See
    """.replace("\n", "").split("|")
)

PLACE_WORDS = _words(
    """
    Peninsula Sea Strait Island Islands River Mountains Mountain Gulf Ocean Region
    Province City Square Street Palace Hall Bay Valley Desert Coast Border Zone Airport
    Station Asia Europe Africa Americas Pacific Atlantic Arctic Antarctica Middle East
    War II I Games Olympics Cup Day Week Year Festival Parade Summit Talks Accord Treaty
    Agreement Pact Declaration Plan Initiative Road Belt
    """
)

ORG_WORDS = _words(
    """
    Ministry Department Council Party Union Institute University Kremlin House Pentagon
    Agency Commission Organization Organisation Committee Office Government Army Navy
    Forces Force Bank Fund Court Parliament Congress Senate Assembly Association
    Foundation Center Centre Group Corporation Inc. Inc Ltd Company Co. Authority Service
    Command Bureau Cabinet Secretariat Embassy Mission College School Academy Coalition
    Nations Alliance Federation Front Movement Guard Corps Police Administration Presidency
    Secretariat Studies Society Board League Command Council NATO EU UN U.N. IAEA WHO IMF
    OPEC ASEAN G7 G20 Hamas Hezbollah Taliban Politburo Duma Knesset Bundestag Diet
    Kremlin Pentagon Quai Elysee Élysée Downing
    """
)

OUTLET_WORDS = _words(
    """
    News Times Post Journal Agency Press Television TV Radio Channel Daily Herald Tribune Gazette
    Telegraph Guardian Broadcasting Network Media Magazine Monitor Observer Economist
    Sinmun Ilbo Shimbun Pravda Izvestia Kommersant Wire Chronicle Review Insider Today
    Express Mail Mirror Independent Standard Star Examiner Inquirer Bulletin Dispatch
    """
)

# Outlets and platforms common enough in wire copy to recognise without help.
OUTLETS = frozenset(
    s.strip().lower()
    for s in """
    Reuters|AP|Associated Press|The Associated Press|AFP|Agence France-Presse|
    Agence France Presse|Xinhua|KCNA|Korean Central News Agency|Yonhap|TASS|Tass|
    RIA Novosti|RIA|Interfax|BBC|CNN|NBC|NBC News|CBS|CBS News|ABC|ABC News|Fox News|
    MSNBC|NPR|PBS|The New York Times|New York Times|The Washington Post|Washington Post|
    The Wall Street Journal|Wall Street Journal|Financial Times|The Financial Times|
    Bloomberg|Bloomberg News|Al Jazeera|The Guardian|Guardian|Kyodo|Kyodo News|NHK|
    Politico|Axios|Le Monde|Der Spiegel|Spiegel|Global Times|People’s Daily|
    People's Daily|CCTV|CGTN|Rodong Sinmun|KCTV|Truth Social|X|Twitter|Facebook|
    Telegram|Instagram|WeChat|Weibo|YouTube|TikTok|Threads|Bluesky|The Economist|
    Economist|The Times|The Telegraph|Daily Telegraph|The Independent|Sky News|
    Deutsche Welle|DW|France 24|Euronews|RT|Sputnik|Izvestia|Kommersant|Nikkei|
    Asahi|Asahi Shimbun|Yomiuri|Yomiuri Shimbun|Mainichi|Chosun Ilbo|JoongAng Ilbo|
    Korea Herald|The Korea Herald|Korea Times|The Korea Times|South China Morning Post|
    Haaretz|The Times of Israel|Times of Israel|Anadolu|IRNA|Tasnim|Fars|ANI|PTI|
    The Hindu|Dawn|Ukrainska Pravda|Kyiv Independent|The Kyiv Independent|Ukrinform|
    Vedomosti|Meduza|NK News|Daily NK|Voice of America|VOA|Radio Free Asia|RFA|
    Radio Free Europe|RFE/RL|ARD|ZDF|Le Figaro|El País|Corriere della Sera|La Repubblica|
    The Atlantic|The New Yorker|Newsweek|Time|USA Today|Los Angeles Times|CNBC|Semafor|
    The Hill|Punchbowl News|Yonhap News Agency|Xinhua News Agency|Central News Agency|
    Kyodo News Agency|Tass news agency|state news agency KCNA
    """.replace("\n", "").split("|")
)

PLATFORM_NOUNS = _words("platform account page channel feed site network handle")

ABBREVIATIONS = frozenset(
    a.lower()
    for a in """
    Mr Mrs Ms Dr Prof Gen Lt Col Maj Sgt Capt Adm Sen Rep Gov St Jr Sr No Nos vs etc
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Inc Corp Ltd Co a.m p.m approx
    """.split()
)

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)

STOP_CONTENT = _words(
    """
    the a an of to in on at for and or but with by from as that this these those is are
    was were be been has have had it its their his her them they he she we i our not no
    will would could may might can also than then so such which who whom what when where
    into over about after before between during while under there here both one
    """
)


def word_pattern(words) -> re.Pattern:
    """One compiled alternation matching any of ``words`` as whole words (longest first)."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ordered) + r")\b")
