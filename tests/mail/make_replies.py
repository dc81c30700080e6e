#!/usr/bin/env python3
"""Writes the reply corpus in tests/mail/replies: one .eml per case and, beside it, the
.txt a person would call the visible reply (what the sender wrote, without the history
their client quoted or their signature). The replies, quote styles and signatures below
were written by hand after the way each client formats a reply (Gmail, Outlook desktop and
the new Outlook, Apple Mail and iPhone, Thunderbird, Yahoo, Proton Mail, Roundcube) in
English, French, Croatian and German; this script combines them and encodes each message
the way those clients send it (quoted-printable, base64, Latin-2, HTML only...).
Run it again after editing the cases: `python3 tests/mail/make_replies.py`."""

import base64
import os
import quopri

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "replies")

REPLIES = {
    "en": [
        "Thanks, that works for me.\n\nBest,\nJohn",
        "Hi Ana,\n\nI tried resetting the password but the link says it expired. Could you send a new one?\n\nThanks\nMark",
        "Yes, Thursday at 10 is fine. I'll bring the signed contract.\n\nRegards,\nPeter Smith",
        "On Monday I can come in at nine.\nSee you then.",
        "Please find the invoice attached.\n\nKind regards\nSarah",
        "The printer is still offline after the restart:\n- model HP 4250\n- error 49.4C02\n\nCan someone come by?",
        "Great, thank you!",
        "I'm not sure I understand. From what I read, the order shipped on the 3rd?\n\nTom",
        "Could we move the interview to next week? I'm travelling until Friday.\n\nThanks,\nEmily",
        "Sent the documents yesterday, did they arrive?",
    ],
    "fr": [
        "Bonjour,\n\nMerci pour votre retour rapide. Je confirme le rendez-vous de jeudi à 10 h.\n\nCordialement,\nMarie Dupont",
        "Parfait, merci !",
        "Le colis n'est toujours pas arrivé. Pouvez-vous vérifier le numéro de suivi ?\n\nBien à vous,\nJean",
        "Bonjour Ana,\n\nVoici le CV mis à jour, avec mes dernières expériences chez Renault.\n\nBonne journée\nLucas Martin",
        "Le lundi je suis disponible toute la journée.\nÀ bientôt",
        "De mon côté tout est prêt : contrat signé, RIB envoyé.\n\nMerci\nSophie",
        "Je ne reçois plus les factures depuis mars. Est-ce normal ?\n\nCordialement\nPaul Bernard\nComptabilité",
        "D'accord, je vous rappelle demain matin.",
        "Bonjour,\n\nl'imprimante affiche toujours « erreur 49 » après le redémarrage.\nQuelqu'un peut-il passer ?\n\nMerci d'avance\nÉlodie",
        "Entretien reporté à mardi 14 h, c'est noté. Merci !",
    ],
    "hr": [
        "Poštovani,\n\nhvala na brzom odgovoru. Potvrđujem termin u četvrtak u 10 sati.\n\nLijep pozdrav,\nIvana Horvat",
        "Super, hvala!",
        "Paket još nije stigao. Možete li provjeriti broj za praćenje?\n\nPozdrav,\nMarko",
        "Dobar dan,\n\nu privitku šaljem ažurirani životopis.\n\nSrdačan pozdrav\nPetra Kovačević",
        "Od ponedjeljka radim od kuće pa me zovite na mobitel.\nHvala",
        "Račun za studeni nije točan: naplaćeno je 12 umjesto 10 licenci.\n\nLP\nTomislav Babić",
        "U redu, javim se sutra ujutro.",
        "Možemo li pomaknuti razgovor za sljedeći tjedan? Putujem do petka.\n\nHvala,\nAna",
        "Pisač je i dalje izvan mreže nakon ponovnog pokretanja.\nMože li netko doći?\n\nŽeljko",
        "Dokumenti su poslani jučer, jesu li stigli?",
    ],
    "de": [
        "Vielen Dank, das passt so.\n\nViele Grüße\nKlaus",
        "Am Montag bin ich ganztägig erreichbar.\nBis dann",
        "Die Rechnung ist leider falsch: 12 statt 10 Lizenzen.\n\nMit freundlichen Grüßen\nAnna Müller",
    ],
}

ORIGINAL = {
    "en": "Hello,\n\nCould you confirm the appointment on Thursday?\n\nBest regards,\nAcme Support",
    "fr": "Bonjour,\n\nPouvez-vous confirmer le rendez-vous de jeudi ?\n\nCordialement,\nLe support Acme",
    "hr": "Poštovani,\n\nmožete li potvrditi termin u četvrtak?\n\nLijep pozdrav,\nAcme podrška",
    "de": "Hallo,\n\nkönnen Sie den Termin am Donnerstag bestätigen?\n\nViele Grüße\nAcme Support",
}

SUBJECT = {"en": "Appointment", "fr": "Rendez-vous", "hr": "Termin", "de": "Termin"}
SUPPORT = "Acme Support <support@acme.test>"
TOKEN = "[#K7Q2M9XD4P]"

# Attribution lines as each client writes them, per language.
ATTRIBUTION = {
    "gmail": {
        "en": "On Mon, Dec 7, 2026 at 10:12 AM Acme Support <support@acme.test> wrote:",
        "fr": "Le lun. 7 déc. 2026 à 10:12, Acme Support <support@acme.test> a écrit :",
        "hr": "pon, 7. pro 2026. u 10:12 Acme Support <support@acme.test> napisao je:",
        "de": "Am Mo., 7. Dez. 2026 um 10:12 Uhr schrieb Acme Support <support@acme.test>:",
    },
    "apple": {
        "en": "On 7 Dec 2026, at 10:12, Acme Support <support@acme.test> wrote:",
        "fr": "Le 7 déc. 2026 à 10:12, Acme Support <support@acme.test> a écrit :",
        "hr": "Dana 7. pro 2026., u 10:12, Acme Support <support@acme.test> je napisao:",
        "de": "Am 07.12.2026 um 10:12 schrieb Acme Support <support@acme.test>:",
    },
    "thunderbird": {
        "en": "On 07/12/2026 10:12, Acme Support wrote:",
        "fr": "Le 07/12/2026 à 10:12, Acme Support a écrit :",
        "hr": "Dana 07.12.2026. u 10:12, Acme Support je napisao/la:",
        "de": "Am 07.12.26 um 10:12 schrieb Acme Support:",
    },
    "yahoo": {
        "en": "On Monday, December 7, 2026 at 10:12:00 AM GMT+1, Acme Support <support@acme.test> wrote:",
        "fr": "Le lundi 7 décembre 2026 à 10:12:00 UTC+1, Acme Support <support@acme.test> a écrit :",
        "hr": "ponedjeljak, 7. prosinca 2026. u 10:12:00 CET, Acme Support <support@acme.test> je napisao/la:",
        "de": "Am Montag, 7. Dezember 2026 um 10:12:00 MEZ hat Acme Support <support@acme.test> Folgendes geschrieben:",
    },
    "proton": {
        "en": "On Monday, December 7th, 2026 at 10:12, Acme Support <support@acme.test> wrote:",
        "fr": "Le lundi 7 décembre 2026 à 10:12, Acme Support <support@acme.test> a écrit :",
        "hr": "U ponedjeljak, 7. prosinca 2026. u 10:12, Acme Support <support@acme.test> je napisao:",
        "de": "Am Montag, 7. Dezember 2026 um 10:12 schrieb Acme Support <support@acme.test>:",
    },
    "roundcube": {
        "en": "On 2026-12-07 10:12, Acme Support wrote:",
        "fr": "Le 2026-12-07 10:12, Acme Support a écrit :",
        "hr": "Dana 2026-12-07 10:12, Acme Support je napisao:",
        "de": "Am 2026-12-07 10:12, schrieb Acme Support:",
    },
}

OUTLOOK_HEADERS = {
    "en": ("From", "Sent", "To", "Subject", "Monday, December 7, 2026 10:12 AM"),
    "fr": ("De", "Envoyé", "À", "Objet", "lundi 7 décembre 2026 10:12"),
    "hr": ("Šalje", "Poslano", "Prima", "Predmet", "ponedjeljak, 7. prosinca 2026. 10:12"),
    "de": ("Von", "Gesendet", "An", "Betreff", "Montag, 7. Dezember 2026 10:12"),
}

ORIGINAL_RULE = {
    "en": "-----Original Message-----",
    "fr": "-----Message d'origine-----",
    "hr": "-----Izvorna poruka-----",
    "de": "-----Ursprüngliche Nachricht-----",
}

MOBILE = {
    "iphone": {"en": "Sent from my iPhone", "fr": "Envoyé de mon iPhone", "hr": "Poslano s mog iPhonea", "de": "Von meinem iPhone gesendet"},
    "outlook_mobile": {"en": "Get Outlook for iOS", "fr": "Obtenir Outlook pour iOS", "hr": "Get Outlook for Android", "de": "Get Outlook for Android"},
    "yahoo": {"en": "Sent from Yahoo Mail on Android", "fr": "Envoyé de Yahoo Mail pour Android", "hr": "Poslano iz Yahoo Maila na Androidu", "de": "Von Yahoo Mail auf Android gesendet"},
    "proton": {"en": "Sent with Proton Mail secure email.", "fr": "Envoyé avec la messagerie sécurisée Proton Mail.", "hr": "Poslano s Proton Mail sigurnom e-poštom.", "de": "Gesendet mit der sicheren E-Mail Proton Mail."},
}

SIGNATURE = {
    "en": "-- \nJohn Smith\nClient Ltd | +44 20 7946 0000",
    "fr": "-- \nMarie Dupont\nClient SARL - 01 23 45 67 89",
    "hr": "-- \nIvana Horvat\nKlijent d.o.o. | +385 1 234 5678",
    "de": "-- \nKlaus Weber\nKunde GmbH | +49 30 123456",
}

SENDER = {
    "en": ("John Smith", "john.smith@client.test"),
    "fr": ("Marie Dupont", "marie.dupont@client.test"),
    "hr": ("Ivana Horvat", "ivana.horvat@client.test"),
    "de": ("Klaus Weber", "klaus.weber@client.test"),
}


def quoted(text):
    return "\n".join("> " + l if l else ">" for l in text.split("\n"))


def history(client, lang, variant):
    """The part of a reply that is not the reply: (text, signature used or None)."""
    orig = ORIGINAL[lang]
    if client == "gmail":
        attr = ATTRIBUTION["gmail"][lang]
        if variant % 3 == 1 and lang == "en":
            # Gmail wraps a long attribution at the address.
            attr = "On Mon, Dec 7, 2026 at 10:12 AM Acme Customer Support Team <\nsupport@acme.test> wrote:"
        return f"{attr}\n\n{quoted(orig)}\n", None
    if client == "outlook":
        frm, sent, to, subj, date = OUTLOOK_HEADERS[lang]
        name, addr = SENDER[lang]
        block = f"{frm}: {SUPPORT}\n{sent}: {date}\n{to}: {name} <{addr}>\n{subj}: RE: {SUBJECT[lang]} {TOKEN}\n\n{orig}\n"
        if variant % 3 == 0:
            return f"{ORIGINAL_RULE[lang]}\n{block}", None
        return f"________________________________\n{block}", None
    if client == "outlook_mobile":
        frm, sent, to, subj, date = OUTLOOK_HEADERS[lang]
        name, addr = SENDER[lang]
        return f"________________________________\n{frm}: {SUPPORT}\n{sent}: {date}\n{to}: {addr}\n{subj}: {SUBJECT[lang]}\n\n{orig}\n", "outlook_mobile"
    if client == "apple":
        return f"{ATTRIBUTION['apple'][lang]}\n\n{quoted(orig)}\n", None
    if client == "iphone":
        return quoted(ATTRIBUTION["apple"][lang] + "\n\n" + orig) + "\n", "iphone"
    if client == "thunderbird":
        return f"{ATTRIBUTION['thunderbird'][lang]}\n{quoted(orig)}\n", None
    if client == "yahoo":
        return f"{ATTRIBUTION['yahoo'][lang]}\n\n\n{orig}\n", "yahoo"
    if client == "proton":
        return f"{ATTRIBUTION['proton'][lang]}\n\n{quoted(orig)}\n", "proton"
    if client == "roundcube":
        return f"{ATTRIBUTION['roundcube'][lang]}\n{quoted(orig)}\n", None
    raise ValueError(client)


CLIENTS = ["gmail", "outlook", "apple", "iphone", "thunderbird", "yahoo", "proton", "roundcube", "outlook_mobile"]
MAILER = {
    "gmail": None,
    "outlook": "Microsoft Outlook 16.0",
    "outlook_mobile": "Microsoft Outlook for iOS",
    "apple": "Apple Mail (2.3774.300.61.1.2)",
    "iphone": "iPhone Mail (22B83)",
    "thunderbird": "Mozilla Thunderbird 128.5.0",
    "yahoo": "WebService/1.1.22941 YMailNorrin",
    "proton": None,
    "roundcube": "Roundcube Webmail/1.6.9",
}


def plain_body(reply, client, lang, variant):
    hist, mobile = history(client, lang, variant)
    parts = [reply]
    if client in ("thunderbird", "roundcube") and variant % 2 == 0:
        parts.append(SIGNATURE[lang])
    if mobile:
        parts.append(MOBILE[mobile][lang])
    if client == "thunderbird" and variant % 4 == 3:
        # Bottom-posting: the reply written under the quote.
        return f"{hist}\n{reply}\n"
    return "\n\n".join(parts) + "\n\n" + hist


def html_lines(text):
    out = []
    for line in text.split("\n"):
        esc = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out.append(f"<div>{esc}</div>" if line else "<div><br></div>")
    return "".join(out)


def html_body(reply, client, lang, variant):
    """The HTML part a client sends: only written for the HTML-only cases."""
    orig = ORIGINAL[lang]
    if client == "gmail":
        attr = ATTRIBUTION["gmail"][lang].replace("<", "&lt;").replace(">", "&gt;")
        return (f'<div dir="ltr">{html_lines(reply)}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">{attr}<br></div>'
                f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">{html_lines(orig)}</blockquote></div>')
    if client == "outlook":
        frm, sent, to, subj, date = OUTLOOK_HEADERS[lang]
        name, addr = SENDER[lang]
        body = "".join(f'<div class="elementToProof">{l or "<br>"}</div>' for l in reply.split("\n"))
        return (f'<html><head><style>p{{margin:0}}</style></head><body><div dir="ltr">{body}</div><div id="appendonsend"></div>'
                f'<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri" style="font-size:11pt">'
                f'<b>{frm}:</b> Acme Support &lt;support@acme.test&gt;<br><b>{sent}:</b> {date}<br><b>{to}:</b> {name} &lt;{addr}&gt;<br>'
                f'<b>{subj}:</b> RE: {SUBJECT[lang]} {TOKEN}</font><div>&nbsp;</div></div><div>{html_lines(orig)}</div></body></html>')
    if client == "apple":
        attr = ATTRIBUTION["apple"][lang].replace("<", "&lt;").replace(">", "&gt;")
        return (f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">{html_lines(reply)}'
                f'<div><br><blockquote type="cite">{attr}<br><br></blockquote></div><blockquote type="cite">{html_lines(orig)}</blockquote></body></html>')
    raise ValueError(client)


def encode(text, charset, cte):
    """The body bytes as sent: 8bit keeps the charset's own bytes."""
    data = text.replace("\n", "\r\n").encode(charset)
    if cte == "quoted-printable":
        return quopri.encodestring(data)
    if cte == "base64":
        return base64.encodebytes(data)
    return data


def head(headers):
    """Header lines, non-ASCII ones as RFC 2047 encoded words."""
    out = []
    for h in headers:
        name, value = h.split(": ", 1)
        if not value.isascii():
            value = "=?utf-8?b?" + base64.b64encode(value.encode()).decode() + "?="
        out.append(f"{name}: {value}")
    return ("\r\n".join(out) + "\r\n\r\n").encode("ascii")


def message(n, client, lang, reply, variant):
    name, addr = SENDER[lang]
    subject = f"Re: {SUBJECT[lang]} {TOKEN}"
    headers = [
        f"From: {name} <{addr}>",
        "To: Acme Support <support@acme.test>",
        f"Subject: {subject}",
        "Date: Mon, 7 Dec 2026 11:{:02d}:00 +0100".format(n % 60),
        f"Message-ID: <reply-{n:03d}@client.test>",
        "In-Reply-To: <out-1@acme.test>",
        "References: <out-1@acme.test>",
        "MIME-Version: 1.0",
    ]
    if MAILER[client]:
        headers.append(f"X-Mailer: {MAILER[client]}")
    html_only = client in ("gmail", "outlook", "apple") and variant % 5 == 4
    if html_only:
        html = html_body(reply, client, lang, variant)
        headers += ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
        return head(headers) + encode(html, "utf-8", "quoted-printable"), True
    text = plain_body(reply, client, lang, variant)
    # Encodings as clients choose them: UTF-8 quoted-printable or base64, Latin-1/Latin-2 8bit.
    charset, cte = [("utf-8", "quoted-printable"), ("utf-8", "base64"), ("utf-8", "8bit")][variant % 3]
    if lang == "hr" and variant % 4 == 1:
        charset, cte = "iso-8859-2", "quoted-printable"
    if lang in ("fr", "de") and variant % 4 == 1:
        charset, cte = "iso-8859-1", "8bit"
    if client in ("gmail", "apple") and variant % 2 == 1:
        # multipart/alternative: the text part is read.
        b = f"alt-{n:03d}"
        headers.append(f'Content-Type: multipart/alternative; boundary="{b}"')
        html = f"<div>{html_lines(reply)}</div><blockquote>{html_lines(ORIGINAL[lang])}</blockquote>"
        body = (f"--{b}\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n".encode()
                + encode(text, charset, cte)
                + f"\r\n--{b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".encode()
                + encode(html, "utf-8", "quoted-printable")
                + f"\r\n--{b}--\r\n".encode())
        return head(headers) + body, False
    headers += [f"Content-Type: text/plain; charset={charset}", f"Content-Transfer-Encoding: {cte}"]
    return head(headers) + encode(text, charset, cte), False


# Single cases written out whole, for what the combinations above do not produce.
EXTRA = [
    ("outlook", "fr", "Bonjour,\n\nje passe vendredi.\n\nCordialement\n\n*De :* Acme Support <support@acme.test>\n*Envoyé :* lundi 7 décembre 2026 10:12\n*À :* Marie Dupont <marie.dupont@client.test>\n*Objet :* Rendez-vous\n\nBonjour,\n",
     "Bonjour,\n\nje passe vendredi.\n\nCordialement"),
    ("gmail", "fr", "Merci, c'est noté.\n\nLe lun. 7 déc. 2026 à 10:12, Service client Acme Europe <\nsupport@acme.test> a écrit :\n\n> Bonjour,\n",
     "Merci, c'est noté."),
    ("android", "en", "Will call you back in five.\n\nSent from my Galaxy\n\n-------- Original message --------\nFrom: Acme Support <support@acme.test>\nDate: 07/12/2026 10:12 (GMT+01:00)\nTo: john.smith@client.test\nSubject: Appointment\n\nHello,\n",
     "Will call you back in five."),
    ("gmail", "hr", "Vidimo se u petak.\n\npon, 7. pro 2026. u 10:12 Acme Support <support@acme.test> je napisao/la:\n\n> Poštovani,\n",
     "Vidimo se u petak."),
    ("outlook_mac", "en", "Friday is better for us.\n\nDan\n\nFrom: Acme Support <support@acme.test>\nDate: Monday, 7 December 2026 at 10:12\nTo: Dan Brown <dan@client.test>\nSubject: Re: Appointment\n\nHello,\n",
     "Friday is better for us.\n\nDan"),
    ("mutt", "en", "On Mon, Dec 07, 2026 at 10:12:00AM +0100, Acme Support wrote:\n> Could you confirm the appointment on Thursday?\n\nConfirmed, Thursday at ten.\n\n-- \nDan\n",
     "Confirmed, Thursday at ten."),
    ("outlook", "en", "Thanks, received.\n\n##- Please type your reply above this line -##\n\nYour request [#K7Q2M9XD4P] was received.\n",
     "Thanks, received."),
    ("gmail", "en", "On second thought, Thursday won't work: I'm out.\nCan we do Friday?\n\nOn Mon, Dec 7, 2026 at 10:12 AM Acme Support <support@acme.test> wrote:\n\n> Hello,\n",
     "On second thought, Thursday won't work: I'm out.\nCan we do Friday?"),
    ("thunderbird", "fr", "Le 07/12/2026 à 10:12, Acme Support a écrit :\n> Pouvez-vous confirmer le rendez-vous de jeudi ?\n\nOui, jeudi 10 h.\n\nMarie\n",
     "Oui, jeudi 10 h.\n\nMarie"),
    ("apple", "hr", "Hvala, dobio sam.\n\nPoslano s mog iPhonea\n\n> Dana 7. pro 2026., u 10:12, Acme Support <support@acme.test> je napisao:\n>\n> Poštovani,\n",
     "Hvala, dobio sam."),
    ("outlook", "hr", "Poštovani,\n\nšaljem traženi dokument.\n\nLP\n\n-----Izvorna poruka-----\nOd: Acme Support <support@acme.test>\nPoslano: ponedjeljak, 7. prosinca 2026. 10:12\nZa: ivana.horvat@client.test\nPredmet: Termin\n",
     "Poštovani,\n\nšaljem traženi dokument.\n\nLP"),
    ("yahoo", "en", "Yes please.\n\n    On Monday, December 7, 2026, 10:12:00 AM GMT+1, Acme Support <support@acme.test> wrote:\n\n    Hello,\n",
     "Yes please."),
]


def extra(n, client, lang, text, expected):
    name, addr = SENDER[lang]
    headers = [f"From: {name} <{addr}>", "To: Acme Support <support@acme.test>", f"Subject: Re: {SUBJECT[lang]}",
               "Date: Mon, 7 Dec 2026 12:00:00 +0100", f"Message-ID: <reply-{n:03d}@client.test>", "MIME-Version: 1.0",
               "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
    return head(headers) + encode(text, "utf-8", "quoted-printable")


def main():
    os.makedirs(HERE, exist_ok=True)
    for f in os.listdir(HERE):
        if f.endswith((".eml", ".txt")):
            os.remove(os.path.join(HERE, f))
    n = 0
    for lang in ("en", "fr", "hr", "de"):
        replies = REPLIES[lang]
        rounds = 4 if lang != "de" else 2
        for r in range(rounds):
            for i, reply in enumerate(replies):
                client = CLIENTS[(i + r * 3) % len(CLIENTS)]
                variant = i + r
                n += 1
                raw, _ = message(n, client, lang, reply, variant)
                base = os.path.join(HERE, f"{n:03d}-{client}-{lang}")
                with open(base + ".eml", "wb") as f:
                    f.write(raw)
                with open(base + ".txt", "w", encoding="utf-8") as f:
                    f.write(reply + "\n")
    for client, lang, text, expected in EXTRA:
        n += 1
        base = os.path.join(HERE, f"{n:03d}-{client}-{lang}")
        with open(base + ".eml", "wb") as f:
            f.write(extra(n, client, lang, text, expected))
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write(expected + "\n")
    print(f"{n} cases in {HERE}")


if __name__ == "__main__":
    main()
