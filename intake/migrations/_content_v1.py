"""Seed educational content for the Learn page, FAQs, privacy notice and clinic details.

Pure data, frozen: migration 0005 copies these values into the content tables once, where the
clinic's content editors and clinical reviewers take them over in the admin. Do not edit this
file to change the site (edit in the admin); new seed content gets a new module and migration.
The leading underscore keeps Django from loading this module as a migration.

Texts are Markdown limited to paragraphs, lists, emphasis and links (no headings, no raw HTML).
Every factual statement in a text is backed by one of the sources listed with it.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Sources. Each entry is a citation a clinician can check, with a DOI or an official address.
# ---------------------------------------------------------------------------------------------

_SOURCES: dict[str, dict[str, str]] = {
    "spravato_label": {
        "citation": (
            "SPRAVATO (esketamine) nasal spray, CIII. Full prescribing information, current "
            "version. Janssen Pharmaceuticals. DailyMed, U.S. National Library of Medicine."
        ),
        "url": (
            "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?"
            "setid=d81a6a79-a74a-44b7-822c-0dfa3036eaed"
        ),
    },
    "spravato_label_2020": {
        "citation": (
            "SPRAVATO (esketamine) nasal spray, CIII. Prescribing information, 2020 revision "
            "adding depressive symptoms in adults with major depressive disorder with acute "
            "suicidal ideation or behavior. Drugs@FDA, U.S. Food and Drug Administration."
        ),
        "url": "https://www.accessdata.fda.gov/drugsatfda_docs/label/2020/211243s004lbl.pdf",
    },
    "fda_2019": {
        "citation": (
            "U.S. Food and Drug Administration. FDA approves new nasal spray medication for "
            "treatment-resistant depression; available only at a certified doctor's office or "
            "clinic. News release, March 5, 2019."
        ),
        "url": (
            "https://www.fda.gov/news-events/press-announcements/"
            "fda-approves-new-nasal-spray-medication-treatment-resistant-depression-"
            "available-only-certified"
        ),
    },
    "sanacora_2017": {
        "citation": (
            "Sanacora G, Frye MA, McDonald W, et al. A consensus statement on the use of "
            "ketamine in the treatment of mood disorders. JAMA Psychiatry. 2017;74(4):399-405."
        ),
        "url": "https://doi.org/10.1001/jamapsychiatry.2017.0080",
    },
    "mcintyre_2021": {
        "citation": (
            "McIntyre RS, Rosenblat JD, Nemeroff CB, et al. Synthesizing the evidence for "
            "ketamine and esketamine in treatment-resistant depression: an international expert "
            "opinion on the available evidence and implementation. Am J Psychiatry. "
            "2021;178(5):383-399."
        ),
        "url": "https://doi.org/10.1176/appi.ajp.2020.20081251",
    },
    "krystal_2019": {
        "citation": (
            "Krystal JH, Abdallah CG, Sanacora G, Charney DS, Duman RS. Ketamine: a paradigm "
            "shift for depression research and treatment. Neuron. 2019;101(5):774-778."
        ),
        "url": "https://doi.org/10.1016/j.neuron.2019.02.005",
    },
    "zarate_2006": {
        "citation": (
            "Zarate CA Jr, Singh JB, Carlson PJ, et al. A randomized trial of an "
            "N-methyl-D-aspartate antagonist in treatment-resistant major depression. "
            "Arch Gen Psychiatry. 2006;63(8):856-864."
        ),
        "url": "https://doi.org/10.1001/archpsyc.63.8.856",
    },
    "murrough_2013_ajp": {
        "citation": (
            "Murrough JW, Iosifescu DV, Chang LC, et al. Antidepressant efficacy of ketamine in "
            "treatment-resistant major depression: a two-site randomized controlled trial. "
            "Am J Psychiatry. 2013;170(10):1134-1142."
        ),
        "url": "https://doi.org/10.1176/appi.ajp.2013.13030392",
    },
    "murrough_2013_bp": {
        "citation": (
            "Murrough JW, Perez AM, Pillemer S, et al. Rapid and longer-term antidepressant "
            "effects of repeated ketamine infusions in treatment-resistant major depression. "
            "Biol Psychiatry. 2013;74(4):250-256."
        ),
        "url": "https://doi.org/10.1016/j.biopsych.2012.06.022",
    },
    "short_2018": {
        "citation": (
            "Short B, Fong J, Galvez V, Shelker W, Loo CK. Side-effects associated with ketamine "
            "use in depression: a systematic review. Lancet Psychiatry. 2018;5(1):65-78."
        ),
        "url": "https://doi.org/10.1016/S2215-0366(17)30272-9",
    },
    "veraart_2021": {
        "citation": (
            "Veraart JKE, Smith-Apeldoorn SY, Bakker IM, et al. Pharmacodynamic interactions "
            "between ketamine and psychiatric medications used in the treatment of depression: "
            "a systematic review. Int J Neuropsychopharmacol. 2021;24(10):808-831."
        ),
        "url": "https://doi.org/10.1093/ijnp/pyab039",
    },
    "swainson_2021": {
        "citation": (
            "Swainson J, McGirr A, Blier P, et al. The Canadian Network for Mood and Anxiety "
            "Treatments (CANMAT) task force recommendations for the use of racemic ketamine in "
            "adults with major depressive disorder. Can J Psychiatry. 2021;66(2):113-125."
        ),
        "url": "https://doi.org/10.1177/0706743720970860",
    },
    "canmat_2016": {
        "citation": (
            "Kennedy SH, Lam RW, McIntyre RS, et al. Canadian Network for Mood and Anxiety "
            "Treatments (CANMAT) 2016 clinical guidelines for the management of adults with "
            "major depressive disorder: Section 3. Pharmacological treatments. "
            "Can J Psychiatry. 2016;61(9):540-560."
        ),
        "url": "https://doi.org/10.1177/0706743716659417",
    },
    "canmat_2023": {
        "citation": (
            "Lam RW, Kennedy SH, Adams C, et al. Canadian Network for Mood and Anxiety "
            "Treatments (CANMAT) 2023 update on clinical guidelines for management of major "
            "depressive disorder in adults. Can J Psychiatry. 2024;69(9):641-687."
        ),
        "url": "https://doi.org/10.1177/07067437241245384",
    },
    "star_d": {
        "citation": (
            "Rush AJ, Trivedi MH, Wisniewski SR, et al. Acute and longer-term outcomes in "
            "depressed outpatients requiring one or several treatment steps: a STAR*D report. "
            "Am J Psychiatry. 2006;163(11):1905-1917."
        ),
        "url": "https://doi.org/10.1176/ajp.2006.163.11.1905",
    },
    "cipriani_2018": {
        "citation": (
            "Cipriani A, Furukawa TA, Salanti G, et al. Comparative efficacy and acceptability "
            "of 21 antidepressant drugs for the acute treatment of adults with major depressive "
            "disorder: a systematic review and network meta-analysis. Lancet. "
            "2018;391:1357-1366."
        ),
        "url": "https://doi.org/10.1016/S0140-6736(17)32802-7",
    },
    "geddes_2003": {
        "citation": (
            "Geddes JR, Carney SM, Davies C, et al. Relapse prevention with antidepressant drug "
            "treatment in depressive disorders: a systematic review. Lancet. "
            "2003;361(9358):653-661."
        ),
        "url": "https://doi.org/10.1016/S0140-6736(03)12599-8",
    },
    "goodwin_2017": {
        "citation": (
            "Goodwin GM, Price J, De Bodinat C, Laredo J. Emotional blunting with antidepressant "
            "treatments: a survey among depressed patients. J Affect Disord. 2017;221:31-35."
        ),
        "url": "https://doi.org/10.1016/j.jad.2017.05.048",
    },
    "nimh_medications": {
        "citation": (
            "National Institute of Mental Health. Mental Health Medications "
            "(section on antidepressants)."
        ),
        "url": "https://www.nimh.nih.gov/health/topics/mental-health-medications",
    },
    "medlineplus_sertraline": {
        "citation": (
            "MedlinePlus, U.S. National Library of Medicine. Sertraline (drug information for "
            "a commonly prescribed SSRI antidepressant)."
        ),
        "url": "https://medlineplus.gov/druginfo/meds/a697048.html",
    },
    "fda_boxed_warning": {
        "citation": (
            "U.S. Food and Drug Administration. Suicidality in children and adolescents being "
            "treated with antidepressant medications (boxed warning, later extended to young "
            "adults aged 18 to 24)."
        ),
        "url": (
            "https://www.fda.gov/drugs/postmarket-drug-safety-information-patients-and-providers/"
            "suicidality-children-and-adolescents-being-treated-antidepressant-medications"
        ),
    },
    "lifeline_988": {
        "citation": "988 Suicide & Crisis Lifeline: call or text 988, or chat online.",
        "url": "https://988lifeline.org/",
    },
}


def _src(*keys: str) -> list[dict[str, str]]:
    """Fresh copies of the named sources, so no two items share one dict."""
    return [dict(_SOURCES[key]) for key in keys]


# ---------------------------------------------------------------------------------------------
# Comparison topics (rows of the Learn page), in display order.
# ---------------------------------------------------------------------------------------------

TOPICS = [
    {
        "key": "mechanism",
        "order": 1,
        "title": "How it works",
        "ketamine": (
            "Ketamine acts mainly on **glutamate**, the brain's main activating messenger, rather "
            "than on serotonin. It blocks one type of glutamate receptor, the NMDA receptor. "
            "Researchers think this leads to a burst of signalling through another receptor "
            "(AMPA) and to growth signals such as BDNF, which may help brain cells rebuild "
            "connections (synapses) weakened by stress and depression.\n\n"
            "These ideas come largely from animal and early human studies and are still being "
            "tested. Other proposed effects, such as on inflammation, remain research "
            "hypotheses. Esketamine (Spravato) is one of the two mirror-image halves of the "
            "ketamine molecule."
        ),
        "antidepressant": (
            "Most antidepressants act on **serotonin, norepinephrine and/or dopamine**, "
            "chemical messengers involved in mood:\n\n"
            "- SSRIs (for example sertraline or escitalopram) mainly affect serotonin.\n"
            "- SNRIs (for example venlafaxine or duloxetine) affect serotonin and "
            "norepinephrine.\n"
            "- Bupropion affects norepinephrine and dopamine.\n\n"
            "Mood usually improves only after several weeks, and exactly how antidepressants "
            "relieve depression is still not fully understood."
        ),
        "sources": _src("krystal_2019", "spravato_label", "nimh_medications", "cipriani_2018"),
    },
    {
        "key": "onset",
        "order": 2,
        "title": "How fast it works",
        "ketamine": (
            "In studies of people whose depression had not improved with other treatments, "
            "one ketamine infusion often eased symptoms **within hours to a day**. In one trial "
            "of 73 people, about 64% responded 24 hours after ketamine, compared with about 28% "
            "after an active comparison drug (midazolam).\n\n"
            "Not everyone responds, and a fast response does not mean it will last. Esketamine "
            "studies also measured improvement from the first day of treatment."
        ),
        "antidepressant": (
            "Antidepressants take time: usually **4 to 8 weeks** to work fully. Sleep, "
            "appetite, energy and concentration often improve before mood does. Because of "
            "this delay, each medicine needs a fair trial at a proper dose before anyone can "
            "say it has not worked."
        ),
        "sources": _src("zarate_2006", "murrough_2013_ajp", "spravato_label", "nimh_medications"),
    },
    {
        "key": "duration",
        "order": 3,
        "title": "How long benefit lasts",
        "ketamine": (
            "After a single dose, the benefit often fades within days to about two weeks. In "
            "the first placebo-controlled trial, about a third of participants still had a "
            "good response one week later. For this reason ketamine and esketamine are given as "
            "a **course** of several sessions, sometimes followed by less frequent maintenance "
            "sessions.\n\n"
            "In a small study of six infusions over about two weeks, half of those who "
            "responded had relapsed within about 18 days of the last one. For esketamine, a "
            "longer study found that people who kept using it after improving relapsed less "
            "often than those switched to a placebo spray."
        ),
        "antidepressant": (
            "When an antidepressant works, the benefit generally continues while it is "
            "taken.\n\n"
            "In a review of 31 trials of people who had improved, about 18% of those who kept "
            "taking their antidepressant relapsed, compared with about 41% of those switched to "
            "placebo. The benefit of continuing seemed to last up to 3 years, although most "
            "trials followed people for about a year. Decisions about stopping are best made "
            "with a prescriber."
        ),
        "sources": _src("zarate_2006", "murrough_2013_bp", "spravato_label", "geddes_2003"),
    },
    {
        "key": "administration",
        "order": 4,
        "title": "How it is given",
        "ketamine": (
            "Given in a clinic, not at home:\n\n"
            "- **IV ketamine**: a slow drip into a vein, in studies usually over about 40 "
            "minutes at a low dose (commonly 0.5 mg per kg of body weight), with checks of "
            "blood pressure and wellbeing.\n"
            "- **Esketamine nasal spray (Spravato)**: you use the spray yourself while a "
            "clinician watches, in a certified clinic. The usual schedule is twice a week for 4 "
            "weeks, then weekly, then weekly or every 2 weeks.\n"
            "- After esketamine you are monitored for **at least 2 hours**, and you should not "
            "drive or operate machinery until the next day after a night's sleep.\n\n"
            "Plan for someone to take you home after either treatment."
        ),
        "antidepressant": (
            "A pill (or sometimes a liquid) taken **at home every day**. The prescriber may "
            "adjust the dose over the first weeks, and follow-up visits check how well it works "
            "and any side effects.\n\n"
            "Guidelines advise continuing for **6 to 12 months** after symptoms settle, and "
            "longer for people at higher risk of relapse. No observation period is needed, "
            "though some antidepressants can make you sleepy."
        ),
        "sources": _src("spravato_label", "sanacora_2017", "canmat_2016", "nimh_medications"),
    },
    {
        "key": "side_effects",
        "order": 5,
        "title": "Common side effects",
        "ketamine": (
            "- **During and soon after a session**: feeling detached or unreal "
            "(dissociation), dizziness, nausea, sleepiness (sedation), and a rise in blood "
            "pressure and heart rate. These are usually short-lived, which is one reason for "
            "the monitoring time.\n"
            "- Others reported: anxiety, headache, blurred vision, vomiting, feeling drunk.\n"
            "- **Misuse**: ketamine can be misused; esketamine carries a boxed warning about "
            "abuse and misuse.\n"
            "- **Bladder inflammation** (cystitis) has been reported, mostly with long-term "
            "misuse or non-medical use.\n"
            "- Long-term effects of repeated treatment have not been well studied."
        ),
        "antidepressant": (
            "- **Common**: nausea or vomiting, diarrhea, sleepiness, and sexual problems "
            "(lower desire, trouble with arousal or orgasm).\n"
            "- **Weight gain** with some medicines.\n"
            "- **Emotional blunting** (feeling flat or numb): in one large survey, nearly half "
            "of people taking antidepressants for depression reported it.\n"
            "- **Boxed warning**: a higher risk of suicidal thoughts and behaviour in children, "
            "teens and young adults under 25, so everyone starting treatment is watched "
            "closely, especially in the first months.\n\n"
            "Stopping suddenly can also cause symptoms; see Cautions."
        ),
        "sources": _src("spravato_label", "short_2018", "nimh_medications", "goodwin_2017"),
    },
    {
        "key": "considered_for",
        "order": 6,
        "title": "Who it is usually considered for",
        "ketamine": (
            "Adults with major depression that has **not improved enough after at least two "
            "adequate antidepressant trials** (often called treatment-resistant depression). "
            "It is not a first treatment for depression: a Canadian expert task force placed IV "
            "ketamine as a third-line option for this group.\n\n"
            "Since 2020, esketamine has also been approved, with an oral antidepressant, for "
            "adults with major depression who have acute suicidal thoughts or behaviour, "
            "alongside their other care. It has not been shown to prevent suicide and does not "
            "replace a hospital stay when one is needed."
        ),
        "antidepressant": (
            "Antidepressants, alone or together with talking therapy (psychotherapy), are "
            "**first-line treatments** for adults with major depression; for milder depression, "
            "psychotherapy alone may be offered first.\n\n"
            "If the first medicine does not help enough, usual next steps are adjusting the "
            "dose, switching medicine, or adding another treatment. In the large STAR*D study, "
            "about 37% of people reached remission with the first medicine. After up to four "
            "steps an estimated 67% had, a theoretical figure that assumes people who left the "
            "study would have done as well as those who stayed. So about one in three had not, "
            "and each later step helped fewer people."
        ),
        "sources": _src("swainson_2021", "spravato_label_2020", "canmat_2023", "star_d"),
    },
    {
        "key": "cautions",
        "order": 7,
        "title": "Cautions",
        "ketamine": (
            "Your clinician will look closely at:\n\n"
            "- **Psychosis** (such as schizophrenia) **or bipolar disorder**, now or in the "
            "past: these need careful psychiatric review first.\n"
            "- **Blood pressure and heart**: ketamine raises blood pressure, so uncontrolled "
            "high blood pressure or heart and blood vessel disease need care first.\n"
            "- **Aneurysm, an abnormal artery-vein connection (AVM) or a past brain bleed**: "
            "esketamine must not be used.\n"
            "- **Pregnancy or breastfeeding**: esketamine is not recommended.\n"
            "- **Alcohol or drug use problems**, current or past, because of misuse risk.\n"
            "- **Other medicines**: benzodiazepines, and probably lamotrigine, may weaken "
            "ketamine's effect (the evidence is limited); sedatives add to drowsiness, and "
            "stimulants or MAO inhibitors can raise blood pressure further."
        ),
        "antidepressant": (
            "Your prescriber will check for:\n\n"
            "- **Bipolar disorder**: an antidepressant can trigger mania, so screening comes "
            "first.\n"
            "- **MAO inhibitors**: these must not be combined with most other antidepressants, "
            "and a gap (often at least 2 weeks) is needed when switching.\n"
            "- **Serotonin syndrome**: a rare but serious reaction (agitation, fever, fast "
            "heartbeat, stiff or twitching muscles) when serotonin-raising medicines are "
            "combined, for example with some migraine medicines (triptans).\n"
            "- **Age**: the boxed warning on suicidal thoughts applies to people up to age 24; "
            "anyone starting or changing a dose should be watched for worsening mood.\n"
            "- **Stopping suddenly**: this can cause discontinuation symptoms such as "
            "dizziness, irritability, anxiety, headache, tingling or sleep problems, so "
            "stopping is planned with the prescriber."
        ),
        "sources": _src(
            "spravato_label", "sanacora_2017", "veraart_2021", "medlineplus_sertraline"
        ),
    },
    {
        "key": "evidence",
        "order": 8,
        "title": "Evidence and regulatory status",
        "ketamine": (
            "- **Esketamine (Spravato)** was approved by the FDA in 2019, together with an oral "
            "antidepressant, for treatment-resistant depression in adults. Its label now also "
            "covers depressive symptoms in adults with major depression and acute suicidal "
            "thoughts or behaviour (with an oral antidepressant), and use on its own for "
            "treatment-resistant depression.\n"
            "- It is given only in certified healthcare settings under an FDA safety program "
            "(REMS), with monitoring for **at least 2 hours** after each dose.\n"
            "- **IV ketamine** is FDA-approved as an anaesthetic; using it for depression is "
            "**off-label**. Controlled trials show short-term benefit, but most were small and "
            "brief, and long-term data are limited."
        ),
        "antidepressant": (
            "- Antidepressants have a large evidence base. A 2018 analysis of 522 trials, with "
            "about 116,000 adults with major depression, found that all 21 antidepressants "
            "studied worked better than placebo in the short term.\n"
            "- The average benefit over placebo was modest, and the medicines differed somewhat "
            "in how well they worked and how well people tolerated them."
        ),
        "sources": _src("fda_2019", "spravato_label", "sanacora_2017", "cipriani_2018"),
    },
]

# ---------------------------------------------------------------------------------------------
# Pros and cons, per treatment. Short plain-language points; each with its own sources.
# ---------------------------------------------------------------------------------------------

PROS_CONS = [
    # Ketamine / esketamine: pros
    {
        "treatment": "ketamine",
        "kind": "pro",
        "order": 1,
        "text": (
            "Can ease symptoms within hours to a day for some people, where standard "
            "antidepressants take weeks."
        ),
        "sources": _src("murrough_2013_ajp", "nimh_medications"),
    },
    {
        "treatment": "ketamine",
        "kind": "pro",
        "order": 2,
        "text": (
            "Studied specifically in depression that has not improved after two or more "
            "antidepressants, a group in which further standard medicines help fewer people."
        ),
        "sources": _src("murrough_2013_ajp", "mcintyre_2021", "star_d"),
    },
    {
        "treatment": "ketamine",
        "kind": "pro",
        "order": 3,
        "text": (
            "Works on a different brain system (glutamate), so it may help when medicines "
            "acting on serotonin and norepinephrine have not."
        ),
        "sources": _src("krystal_2019", "mcintyre_2021"),
    },
    {
        "treatment": "ketamine",
        "kind": "pro",
        "order": 4,
        "text": (
            "Sexual problems and weight gain, common with daily antidepressants, are not among "
            "its commonly reported side effects; its main side effects happen during and soon "
            "after a session."
        ),
        "sources": _src("spravato_label", "short_2018"),
    },
    {
        "treatment": "ketamine",
        "kind": "pro",
        "order": 5,
        "text": (
            "Given under supervision in a clinic, so side effects are watched and managed as "
            "they happen."
        ),
        "sources": _src("spravato_label", "sanacora_2017"),
    },
    # Ketamine / esketamine: cons
    {
        "treatment": "ketamine",
        "kind": "con",
        "order": 1,
        "text": (
            "The benefit of a single dose often fades within days to about two weeks, so "
            "repeated sessions are usually needed."
        ),
        "sources": _src("zarate_2006", "murrough_2013_bp"),
    },
    {
        "treatment": "ketamine",
        "kind": "con",
        "order": 2,
        "text": (
            "Dissociation, raised blood pressure, dizziness, nausea and sleepiness are common "
            "around each session; esketamine needs at least 2 hours of monitoring and no "
            "driving until the next day."
        ),
        "sources": _src("spravato_label", "short_2018"),
    },
    {
        "treatment": "ketamine",
        "kind": "con",
        "order": 3,
        "text": (
            "Can be misused, and may not be suitable for people with substance use problems, "
            "psychosis, or certain heart and blood vessel conditions."
        ),
        "sources": _src("spravato_label", "sanacora_2017"),
    },
    {
        "treatment": "ketamine",
        "kind": "con",
        "order": 4,
        "text": (
            "Long-term safety and benefit of repeated treatment are not well known; most "
            "studies were small and short."
        ),
        "sources": _src("short_2018", "sanacora_2017"),
    },
    {
        "treatment": "ketamine",
        "kind": "con",
        "order": 5,
        "text": (
            "Takes time and travel: frequent clinic visits, especially in the first weeks. IV "
            "ketamine for depression is off-label, which can affect insurance coverage."
        ),
        "sources": _src("spravato_label", "sanacora_2017"),
    },
    # Antidepressants: pros
    {
        "treatment": "antidepressant",
        "kind": "pro",
        "order": 1,
        "text": "Taken at home as a daily pill, with no clinic visit needed for each dose.",
        "sources": _src("nimh_medications"),
    },
    {
        "treatment": "antidepressant",
        "kind": "pro",
        "order": 2,
        "text": (
            "A large evidence base: in an analysis of 522 trials, all 21 antidepressants "
            "studied worked better than placebo in the short term."
        ),
        "sources": _src("cipriani_2018"),
    },
    {
        "treatment": "antidepressant",
        "kind": "pro",
        "order": 3,
        "text": (
            "When one works, continuing it after recovery cuts the chance of relapse by more "
            "than half compared with stopping."
        ),
        "sources": _src("geddes_2003"),
    },
    {
        "treatment": "antidepressant",
        "kind": "pro",
        "order": 4,
        "text": (
            "Many choices with different side effects, so if one does not suit you, another "
            "can be tried or added."
        ),
        "sources": _src("nimh_medications", "star_d"),
    },
    {
        "treatment": "antidepressant",
        "kind": "pro",
        "order": 5,
        "text": (
            "A recommended first-line treatment, alone or with psychotherapy; many are also "
            "used to treat anxiety."
        ),
        "sources": _src("canmat_2023", "nimh_medications"),
    },
    # Antidepressants: cons
    {
        "treatment": "antidepressant",
        "kind": "con",
        "order": 1,
        "text": "Usually take 4 to 8 weeks to work fully.",
        "sources": _src("nimh_medications"),
    },
    {
        "treatment": "antidepressant",
        "kind": "con",
        "order": 2,
        "text": (
            "The first medicine is often not enough: in the STAR*D study, about 37% of people "
            "reached remission with the first one, and later steps helped fewer people."
        ),
        "sources": _src("star_d"),
    },
    {
        "treatment": "antidepressant",
        "kind": "con",
        "order": 3,
        "text": (
            "Side effects such as nausea, sexual problems, weight gain, sleepiness and "
            "emotional blunting are common."
        ),
        "sources": _src("nimh_medications", "goodwin_2017"),
    },
    {
        "treatment": "antidepressant",
        "kind": "con",
        "order": 4,
        "text": (
            "Stopping suddenly can cause discontinuation symptoms, and stopping too early "
            "raises the chance of relapse, so stopping needs to be planned."
        ),
        "sources": _src("medlineplus_sertraline", "geddes_2003"),
    },
    {
        "treatment": "antidepressant",
        "kind": "con",
        "order": 5,
        "text": (
            "Boxed warning: a higher risk of suicidal thoughts and behaviour in people under "
            "25, mostly early in treatment."
        ),
        "sources": _src("fda_boxed_warning", "spravato_label"),
    },
]

# ---------------------------------------------------------------------------------------------
# Frequently asked questions.
# ---------------------------------------------------------------------------------------------

FAQS = [
    {
        "order": 1,
        "question": "Is ketamine a replacement for my antidepressant?",
        "answer": (
            "Not necessarily. Esketamine (Spravato) was first approved to be used together "
            "with an oral antidepressant, and its label now also allows it on its own for "
            "treatment-resistant depression. Whether to keep, change or stop your "
            "antidepressant is a decision for you and your prescriber together.\n\n"
            "**Please do not stop an antidepressant on your own.** Stopping suddenly can cause "
            "discontinuation symptoms and makes relapse more likely."
        ),
        "sources": _src("spravato_label", "medlineplus_sertraline", "geddes_2003"),
    },
    {
        "order": 2,
        "question": "How quickly does each treatment work?",
        "answer": (
            "In studies, ketamine often eased symptoms within hours to a day for people who "
            "responded, but a single dose usually wears off within days to about two weeks, so "
            "a course of sessions is used. Antidepressants usually take **4 to 8 weeks** to "
            "work fully, and when they work the benefit tends to continue while you take them."
        ),
        "sources": _src("murrough_2013_ajp", "zarate_2006", "nimh_medications"),
    },
    {
        "order": 3,
        "question": "Is ketamine addictive?",
        "answer": (
            "Ketamine can be misused, and esketamine is a controlled substance with a boxed "
            "warning about abuse and misuse. That is why, at Riverbend, it is only given in the "
            "clinic, with monitoring, and never sent home with you.\n\n"
            "People with a history of alcohol or drug problems are at greater risk, so please "
            "tell us about any past or current use. It does not automatically rule treatment "
            "out, but your clinician will weigh it carefully. Long-term data on repeated "
            "treatment are limited."
        ),
        "sources": _src("spravato_label", "sanacora_2017", "short_2018"),
    },
    {
        "order": 4,
        "question": "Will insurance cover it?",
        "answer": (
            "It depends on your plan and on the treatment. Esketamine (Spravato) is "
            "FDA-approved for depression, and plans that cover it may ask for prior "
            "authorization showing which treatments you have already tried. IV ketamine for "
            "depression is off-label, and coverage for off-label treatment is less "
            "predictable, so it may be paid for out of pocket.\n\n"
            "Our coordinators can explain the clinic's prices and help you check your benefits "
            "before you decide anything."
        ),
        "sources": _src("fda_2019", "sanacora_2017"),
    },
    {
        "order": 5,
        "question": "What happens at an evaluation?",
        "answer": (
            "A clinician reviews your intake answers with you and asks about:\n\n"
            "- your symptoms and how long this episode has lasted;\n"
            "- the treatments you have tried, with doses and how long you took them;\n"
            "- your physical health, including blood pressure, and your current medicines;\n"
            "- any history of psychosis, mania, or alcohol or drug use.\n\n"
            "You will talk through all your options, including ones that are not ketamine. An "
            "evaluation does not commit you to treatment, and the summary you see on this site "
            "is education, not a diagnosis."
        ),
        "sources": _src("sanacora_2017", "mcintyre_2021"),
    },
    {
        "order": 6,
        "question": "What if I'm having thoughts of suicide?",
        "answer": (
            "**If you are in immediate danger, call 911 or go to the nearest emergency "
            "room.**\n\n"
            "For support at any time, call or text **988**, the Suicide & Crisis Lifeline. It "
            "is free, confidential and open 24/7, in English and Spanish. This intake form is "
            "not watched around the clock, so please do not wait for us to reply.\n\n"
            "Esketamine is approved to treat depressive symptoms in adults with acute suicidal "
            "thoughts, but only alongside other care: it has not been shown to prevent suicide "
            "and does not replace a hospital stay when one is needed."
        ),
        "sources": _src("lifeline_988", "spravato_label_2020"),
    },
    {
        "order": 7,
        "question": "What is the difference between ketamine and esketamine?",
        "answer": (
            "Ketamine is made of two mirror-image forms; esketamine is one of them. Esketamine "
            "(Spravato) is a nasal spray that is FDA-approved for depression and given under a "
            "safety program. Ketamine for depression is usually given as an IV infusion, which "
            "is off-label. Both act on glutamate, and there are few studies comparing them "
            "directly."
        ),
        "sources": _src("spravato_label", "sanacora_2017", "mcintyre_2021"),
    },
]

# ---------------------------------------------------------------------------------------------
# Privacy notice (editable page at /privacy/).
# ---------------------------------------------------------------------------------------------

PRIVACY_NOTICE = {
    "slug": "privacy",
    "title": "Privacy notice",
    "body": (
        "Riverbend Ketamine Clinic uses this website to take in requests for an evaluation. "
        "Because the form asks about your health, we treat everything you enter as "
        "confidential health information. This notice explains, in plain words, what we "
        "collect, why, who can see it and how long we keep it.\n\n"
        "**What we collect**\n\n"
        "- Your contact details: name, preferred name, date of birth, email, mobile phone, "
        "preferred contact method and language.\n"
        "- Your answers about how you have been feeling (the PHQ-9 and GAD-7 questionnaires) "
        "and, if you answer them, the safety questions.\n"
        "- Your treatment history, health screening answers and current medicines.\n"
        "- Your appointment preferences, referring provider (if any) and your typed name as "
        "a signature.\n"
        "- Technical records needed to run the site safely: a session cookie that keeps your "
        "draft and private status link working, and security logs (such as the time and "
        "network address of a request) used to stop abuse.\n\n"
        "If you are under 18, the form stops and stores nothing, because the clinic treats "
        "adults only.\n\n"
        "**Why we use it**\n\n"
        "Only to review your request, contact you about it, schedule and prepare your "
        "evaluation, and keep a record of what happened to your request. We do not sell your "
        "information and do not use it for advertising.\n\n"
        "**Who can see it**\n\n"
        "Only clinic staff who work with evaluation requests: our coordinators and "
        "clinicians. Staff must sign in, and every time someone views, exports or changes a "
        "request it is recorded in an audit log. Staff who edit the website's educational "
        "pages cannot see patient information. Emails we send you contain no clinical "
        "details. Technical providers that host this website or deliver our emails may "
        "process your information only to provide that service to us. Otherwise we share "
        "your information outside the clinic only if you ask us to (for example with your "
        "referring provider) or if the law requires it.\n\n"
        "**How long we keep it**\n\n"
        "- An unfinished form (a draft) is deleted automatically after 7 days.\n"
        "- A submitted request is kept while we are working on it.\n"
        "- After a request is closed, it is anonymised, so that it no longer identifies you, "
        "once the clinic's retention period has passed.\n\n"
        "If you become a patient, your medical record is kept separately under the clinic's "
        "medical-records policy.\n\n"
        "**Your choices and rights**\n\n"
        "- You can cancel an appointment from your private status page, and you can withdraw "
        "your request at any time by calling us.\n"
        "- You can ask for a copy of the information you gave us, ask us to correct it, or "
        "ask us to delete your request.\n"
        "- Keep your private status link to yourself: anyone who has it can see your "
        "request's status until it expires.\n\n"
        "**Contact us**\n\n"
        "For any privacy question or request, call Riverbend Ketamine Clinic at (555) "
        "010-0199 or write to us at 250 Mill Street, Suite 300, Riverbend, NY 12000. "
        "This page and this form are not for emergencies: if you are in crisis, call or text "
        "988, or call 911."
    ),
    "sources": [],
}

# ---------------------------------------------------------------------------------------------
# Clinic details (fictional demo clinic).
# ---------------------------------------------------------------------------------------------

CLINIC_DETAILS = {
    "name": "Riverbend Ketamine Clinic",
    "phone": "(555) 010-0199",
    "address": "250 Mill Street, Suite 300, Riverbend, NY 12000",
    "hours": (
        "Monday to Friday, 8:00 am to 6:00 pm; Saturday, 9:00 am to 1:00 pm; closed Sunday "
        "and public holidays"
    ),
}
