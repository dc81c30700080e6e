# Recruit: navigacija i vrste zapisa
nav-recruit = Zapošljavanje
nav-recruit-jobs = Oglasi
nav-recruit-candidates = Kandidati
site-careers = Karijere
record-kind-recruit_job = Oglas za posao
record-kind-recruit_stage = Faza odabira
record-kind-recruit_candidate = Kandidat
record-kind-recruit_application = Prijava
record-kind-recruit_document = Dokument kandidata
record-kind-recruit_comment = Komentar na prijavu
record-kind-recruit_assessment = Rezultat procjene
record-kind-recruit_assessment_provider = Platforma za procjenu
audit-action-recruit-job-status = Oglas objavljen, pauziran ili zatvoren
audit-action-status-hire = Kandidat zaposlen
audit-action-status-reject = Prijava odbijena
audit-action-status-withdraw = Kandidat je povukao prijavu
recruit-reject-notify = Obavijesti kandidata e-poštom (poruka „Prijava nije odabrana”, na njegovu jeziku)
purpose-recruit-rejected = Prijava nije odabrana
purpose-recruit-rejected-hint = Šalje se kandidatu kada tim odbije njegovu prijavu i odluči ga obavijestiti.
purpose-recruit-received = Prijava zaprimljena
purpose-recruit-received-hint = Šalje se kandidatu čim se prijavi na stranici karijera.
placeholder-job = Naziv radnog mjesta

# Polja
field-location = Mjesto
field-department = Odjel
field-description = Opis
field-contract = Ugovor
field-workplace = Način rada
field-salary-min = Od
field-salary-max = Do
field-salary-currency = Valuta
field-salary-period = Po
field-ad-locale = Jezik oglasa
field-stage = Faza
field-reason = Razlog
field-source = Izvor
field-headline = Naslov profila
field-skills = Vještine
field-links = Poveznice
field-languages = Jezici
field-experience = Radno iskustvo
field-education = Obrazovanje
recruit-languages-hint = Odvojeni zarezima, npr. engleski, francuski.
recruit-lines-hint = Jedno po retku.
recruit-from-cv = Iz životopisa
recruit-from-cv-hint = Pročitano iz najnovijeg životopisa: prazna polja profila popunjena su iz njega. Ovdje je ono što kaže, a profil ne.
recruit-present = danas
field-cv = Životopis
field-cover-letter = Motivacijsko pismo
field-consent = Privola
field-body = Komentar
field-rating = Ocjena
field-consent-until = Čuva se do
field-reject-reason = Razlog odbijanja
field-category = Vrsta faze
field-candidate-id = Kandidat
field-application-id = Prijava
field-stage-id = Faza

# Vrijednosti
status-draft = Skica
status-open = Objavljen
status-paused = Pauziran
status-closed = Zatvoren
value-contract-permanent = Neodređeno
value-contract-fixed_term = Određeno
value-contract-internship = Praksa
value-contract-apprenticeship = Naukovanje
value-contract-freelance = Honorarno
value-contract-temporary = Privremeno
value-workplace-onsite = U uredu
value-workplace-hybrid = Hibridno
value-workplace-remote = Na daljinu
value-salary-period-year = godišnje
value-salary-period-month = mjesečno
value-salary-period-hour = po satu
value-category-new = Novi
value-category-screen = Predselekcija
value-category-interview = Razgovor
value-category-offer = Ponuda
value-category-hired = Zaposlen
status-rejected = Nije odabrana
status-hired = Zaposlen
status-withdrawn = Povučena
value-reject-reason-experience = Nedovoljno iskustva
value-reject-reason-skills = Vještine ne odgovaraju
value-reject-reason-salary = Očekivana plaća
value-reject-reason-location = Lokacija
value-reject-reason-position_filled = Radno mjesto popunjeno
value-reject-reason-other = Drugi razlog
value-source-career_site = Stranica karijera
value-source-api = Dodao tim
value-source-referral = Preporuka zaposlenika
value-source-linkedin = LinkedIn
value-source-indeed = Indeed
value-source-facebook = Facebook
value-source-x = X (Twitter)
value-source-email = Podijeljeno e-poštom
value-source-rss = RSS izvor
value-source-job_board_api = API za oglasnike
value-source-google = Google

# Oglasi
recruit-jobs-intro = Vaša otvorena radna mjesta i dokle su stigli kandidati. Otvorite oglas za pregled njegove ploče.
recruit-jobs-empty = Još nema oglasa. Napišite prvi oglas: pojavit će se na stranici karijera čim ga objavite.
recruit-job-new = Novi oglas
recruit-job-edit = Uredi oglas
recruit-job-publish = Objavi
recruit-job-save-draft = Spremi kao skicu
recruit-action-publish = Objavi
recruit-action-pause = Pauziraj
recruit-action-close = Zatvori oglas
recruit-action-resume = Ponovno objavi
recruit-action-reopen = Ponovno otvori
recruit-job-view-public = Prikaži na stranici karijera
recruit-location-hint = Grad, npr. Zagreb. Ostavite prazno za rad na daljinu.
recruit-salary = Plaća (neobavezno, prikazuje se u oglasu)
recruit-col-new = Novi
recruit-col-active = U tijeku
recruit-col-hired = Zaposleni
notice-recruit-job-created = Oglas je spremljen.
notice-recruit-moved = Kandidat je premješten.
notice-recruit-rejected = Prijava je odbijena.
notice-recruit-commented = Vaš komentar je spremljen.

# Ploča
recruit-board-help = Povucite kandidata u drugu fazu ili se postavite na njegovu karticu i pritisnite strelicu lijevo ili desno. Svaka kartica ima i gumb Premjesti.
recruit-move = Premjesti
recruit-move-to = Premjesti u
recruit-days-in-stage = Dana u ovoj fazi
recruit-days = { $count ->
    [one] { $count } dan
    [few] { $count } dana
   *[other] { $count } dana
}
recruit-comments = { $count ->
    [one] { $count } komentar
    [few] { $count } komentara
   *[other] { $count } komentara
}
recruit-rejected-count = { $count ->
    [one] { $count } odbijena prijava
    [few] { $count } odbijene prijave
   *[other] { $count } odbijenih prijava
}

# Stranice prijave i kandidata
recruit-comment = Komentar za tim za zapošljavanje
recruit-comment-add = Dodaj komentar
recruit-rating = Ocjena
recruit-no-rating = Bez ocjene
recruit-timeline = Aktivnost
recruit-moved-from = Premješten iz
recruit-moved-to = u
recruit-applied-in = Prijavio se, smješten u
recruit-reject = Odbij
recruit-details = Pojedinosti
recruit-applied = Prijava poslana
recruit-open-profile = Otvori profil kandidata
recruit-open-contact = Otvori kontakt
recruit-documents = Dokumenti
recruit-no-documents = Nema dokumenata.
recruit-unreadable = njegov tekst nije moguće pročitati
recruit-other-applications = Druge prijave
recruit-applications = Prijave
recruit-no-applications = Nema prijava.
recruit-profile = Profil
recruit-skills-hint = Odvojene zarezima, npr. prodaja, engleski, Excel.
recruit-links-hint = Jedna adresa po retku (LinkedIn, portfelj).
recruit-consent-until = Pristao na čuvanje do
recruit-candidates-intro = Svi koji su se prijavili na vaše oglase ili ih je dodao vaš tim. Tražite po imenu, vještini ili mjestu.
recruit-candidates-ranked = Najbolji rezultati prvi, među 500 najnovijih. Suzite ih još jednom riječju ili s skills:, location:, languages: ili experience:3..
recruit-candidates-empty = Još nema kandidata. Pojavit će se ovdje čim se prijave na stranici karijera.

# Stranica karijera
careers-title = Pridružite nam se
careers-search = Traži
careers-search-hint = Naziv posla, ključna riječ
careers-location = Mjesto
careers-contract = Ugovor
careers-workplace = Način rada
careers-any = Svi
careers-search-button = Traži
careers-clear = Očisti filtre
careers-count = { $count ->
    [one] { $count } otvoreno radno mjesto
    [few] { $count } otvorena radna mjesta
   *[other] { $count } otvorenih radnih mjesta
}
careers-none = Trenutačno nema otvorenih radnih mjesta. Svratite uskoro!
careers-none-match = Nijedno radno mjesto ne odgovara vašoj pretrazi.
careers-all-jobs = Svi naši oglasi
careers-apply = Prijavi se
careers-apply-for = Prijava za:
careers-share = Podijeli oglas
careers-share-linkedin = LinkedIn
careers-share-facebook = Facebook
careers-share-x = X
careers-share-email = E-pošta
careers-cv-hint = PDF, Word (DOCX), OpenDocument (ODT) ili tekst, do 10 MB.
careers-cv-again = Molimo ponovno odaberite datoteku.
careers-optional = (neobavezno)
recruit-apply-consent = Pristajem da { $site } čuva moju prijavu i podatke u njoj { $months } mjeseci radi razmatranja za ovo i druga radna mjesta. Prijavu mogu povući ili zatražiti njezino brisanje u bilo kojem trenutku.
careers-send = Pošalji prijavu
careers-thanks = Hvala!
careers-thanks-body = Vaša prijava za radno mjesto { $job } je zaprimljena. Poslali smo vam e-poruku s poveznicom za praćenje.
careers-follow = Prati moje prijave
careers-mine = Moje prijave
careers-mine-applications = Status prijava
careers-mine-none = Nemate prijava kod nas.
careers-applied-on = Poslano
careers-withdraw = Povuci
recruit-withdrawn = Vaša prijava je povučena.
careers-mine-documents = Što ste nam poslali
careers-mine-data = Vaši podaci, kopija svega što o vama čuvamo i odjava nalaze se u
careers-mine-portal = vašem prostoru.

# Voditelji koji zapošljavaju
recruit-hm-title = Voditelji koji zapošljavaju
recruit-hm-intro = Pošaljite poveznicu voditelju koji odlučuje s vama: vidi uži izbor za ovaj oglas (kandidate nakon prve faze) sa životopisima, komentira i ocjenjuje, bez računa.
recruit-hm-created = Evo poveznice. Kopirajte je sada i pošaljite: prikazuje se samo jednom.
recruit-hm-label = Za koga
recruit-hm-label-hint = npr. Marko, voditelj trgovine
recruit-hm-days = Vrijedi (dana)
recruit-hm-share = Izradi poveznicu
recruit-hm-until = vrijedi do
recruit-hm-revoked = opozvana
recruit-hm-revoke = Opozovi
recruit-hm-hello = Pozdrav { $name }: ovo su kandidati koje je tim uvrstio u uži izbor. Recite što mislite.
recruit-hm-empty = Još nitko nije u užem izboru. Tim će ovdje premjestiti kandidate nakon prvog pregleda.
notice-recruit-link-created = Poveznica je izrađena.
notice-recruit-link-revoked = Poveznica više ništa ne otvara.

# Analitika
dataset-recruit = Zapošljavanje
dataset-recruit-hint = Prijave, lijevak kroz faze, zapošljavanja i vrijeme do zapošljavanja, odbijanja: svaka prijava računa se u razdoblju u kojem je zaprimljena.
metric-applications = Prijave
metric-reached = Stiglo do faze
metric-hires = Zapošljavanja
metric-time-to-hire = Vrijeme do zapošljavanja
metric-rejections = Odbijanja

# Popis prijava za oglas
recruit-views = Prikazi
recruit-view-board = Ploča
recruit-view-list = Popis
recruit-col-moved = U fazi od
recruit-bulk-target = Radnja
recruit-bulk-apply = Primijeni na odabrane
recruit-bulk-notify = Obavijesti odbijene kandidate e-poštom
recruit-applications-empty = Nijedna prijava ne odgovara.
notice-recruit-bulk-done = Gotovo za odabrane kandidate.

# Privola
purpose-recruit-consent = Podaci vaše prijave
purpose-recruit-consent-hint = Šalje se kandidatu mjesec dana prije isteka privole, s poveznicom za zadržavanje prijave.
placeholder-date = Datum
careers-consent = Koliko dugo čuvamo vaše podatke
careers-consent-until = Pristali ste da vaše prijave i ono što ste poslali čuvamo do
careers-keep = Čuvaj ih još 24 mjeseca
careers-kept = Vaše prijave čuvamo još 24 mjeseca.
audit-action-recruit-candidate-consent = Kandidat je obnovio privolu

# Faze odabira
recruit-pipeline = Faze odabira
recruit-pipeline-intro = Faze ovog oglasa, redom. Preimenovanje faze mijenja joj naziv samo za ovaj oglas; fazu možete ukloniti dok u njoj nitko nije bio.
recruit-stage-rename = Preimenuj
recruit-stage-up = Pomakni gore
recruit-stage-down = Pomakni dolje
recruit-stage-remove = Ukloni
recruit-stage-remove-confirm = Ukloniti ovu fazu iz odabira?
recruit-stage-new = Nova faza
recruit-stage-add = Dodaj fazu

# Pitanja za predselekciju
recruit-questions = Pitanja za predselekciju
recruit-questions-hint = Postavljaju se u obrascu prijave. Eliminacijsko pitanje odmah odbija prijavu ako je dan drugi odgovor (razlog: eliminacijsko pitanje).
recruit-question = Pitanje
recruit-question-kind = Odgovor
recruit-question-text = Slobodan tekst
recruit-question-yes-no = Da ili ne
recruit-question-knockout = Eliminacijsko
recruit-question-no-knockout = Ne
recruit-question-must-yes = Mora odgovoriti da
recruit-question-must-no = Mora odgovoriti ne
recruit-question-required = Obavezno
recruit-answers = Odgovori na pitanja
value-reject-reason-knockout = Eliminacijsko pitanje
field-answers-n = Pitanje { $n }
field-questions-n-label = Pitanje { $n }
field-questions-n-kind = Odgovor na pitanje { $n }
field-questions-n-knockout = Eliminacija za pitanje { $n }

# Kretanje kroz kandidate
recruit-neighbours = Drugi kandidati za ovaj oglas
recruit-previous = Prethodni kandidat
recruit-next = Sljedeći kandidat
recruit-keys-hint = Tipkovnica: j sljedeći, k prethodni
recruit-transfer-to = Prenesi na drugi oglas
recruit-transfer = Prenesi
notice-recruit-transferred = Prijava je prenesena, s cijelom poviješću.
audit-action-recruit-application-transfer = Prijava prenesena na drugi oglas
careers-already-applied = Već ste se prijavili?
recruit-pipelines = Predlošci procesa
recruit-pipelines-intro = Faze s kojima novi oglas počinje. Oglas kopira faze svog predloška, pa izmjena predloška nikoga ne premješta iz procesa koji je u tijeku.
recruit-pipelines-none = Još nema predložaka: novi oglasi počinju sa zadanim procesom.
recruit-pipeline-new = Novi predložak
recruit-pipeline-stages = Faze
recruit-pipeline-stages-hint = Redom: prva je faza „Novi”, zadnja faza „Zaposlen”. Prazni retci se preskaču.
recruit-pipeline-delete-hint = Oglasi napravljeni iz ovog predloška zadržavaju svoje faze.
recruit-pipeline-default = Zadani proces
recruit-pipeline-save-as = Spremi ovaj proces kao predložak
recruit-pipeline-save-as-hint = Novi oglasi tada mogu početi s ovim fazama, s e-porukom koju svaka šalje kandidatu i njezinim vodičem za razgovor.
recruit-pipeline-on-arrival = E-poruka i vodič
recruit-pipeline-settings-hint = Predložak spremljen iz oglasa zadržava e-poruke svojih faza i vodiče za razgovor: promijenite ih na oglasu, zatim spremite njegov proces kao predložak.
notice-recruit-pipeline-saved = Proces je spremljen kao predložak.
recruit-stage = Faza
field-stages = Faze
field-stages-n-name = Faza { $n }
field-stages-n-category = Vrsta faze { $n }
field-pipeline-template-id = Proces
error-invalid-value-for-stages = potrebno je između 2 i 12 faza.
error-invalid-value-for-stages-0-category = mora biti faza „Novi”: u nju stižu prijave.
recruit-pools = Baze kandidata
recruit-pools-intro = Kandidati sačuvani za kasnije: finalisti, sezonska baza, ljudi koje zovete kad se otvori oglas.
recruit-pools-none = Još nema baza.
recruit-pool-new = Nova baza
recruit-pool-edit = Naziv i opis
recruit-pool-empty = U ovoj bazi još nema nikoga: dodajte kandidate s njihove stranice ili s popisa oglasa.
recruit-pool-description = Opis
recruit-pool-added = Dodano
recruit-pool-added-by = dodao/la
recruit-pool-remove = Ukloni
recruit-pool-delete-hint = Kandidati ostaju; nestaje samo popis.
recruit-pool-add = Dodaj u bazu
notice-recruit-pool-added = Dodano u bazu.
notice-recruit-pool-removed = Uklonjeno iz baze.
recruit-pool-to = Dodaj u bazu
field-pool-id = Baza
recruit-pool-members = { $count ->
    [one] { $formatted } kandidat
    [few] { $formatted } kandidata
   *[other] { $formatted } kandidata
}
field-tags = Oznake
recruit-tags-hint = Odvojene zarezima, npr. dvojezičan, večernje smjene, drugi razgovor.
recruit-tag-with = Označi
recruit-searches = Spremljene pretrage
recruit-search-save = Spremi ovu pretragu
recruit-search-alert = Javi mi svaki dan o novim kandidatima koje pronađe
recruit-search-alerted = upozorenje
notice-recruit-search-saved = Pretraga je spremljena.

# Candidate e-mail, stage e-mails and the hiring team
purpose-recruit-candidate-email = E-poruke kandidatima
purpose-recruit-candidate-email-hint = Poruke koje tim šalje kandidatima iz prijave i koje faze oglasa šalju kada kandidat do njih dođe.
placeholder-stage = Faza
mail-consumer-recruit-candidates = Vremenska crta kandidata (Zapošljavanje)
field-message = Poruka
field-template = Predložak
field-delay-minutes = Odgoda
recruit-email-write = Pišite kandidatu
recruit-email-template = Krenite od predloška
recruit-email-own-words = — Vlastitim riječima —
recruit-email-template-hint = Ako odaberete predložak i ostavite poruku praznom, šalje se predložak, ispunjen za ovog kandidata na njegovu jeziku.
recruit-email-send = Pošalji
recruit-email-to-review = Čeka pregled
recruit-email-goes-at = Šalje se sama
recruit-email-template-gone = Njezin je predložak obrisan: ništa se ne može poslati, preskočite je.
recruit-email-send-now = Pošalji sada
recruit-email-skip = Preskoči
recruit-email-from-candidate = Od kandidata
recruit-email-to-candidate = Kandidatu
recruit-email-state-sent = Poslano
recruit-email-state-pending = Šalje se
recruit-email-state-failing = Još nije poslano
recruit-email-state-bounced = Vraćeno
notice-recruit-email-sent = E-poruka je na putu.
notice-recruit-email-skipped = E-poruka neće biti poslana.
recruit-stage-emails = E-poruke za pregled
recruit-stage-emails-intro = Faze postavljene da čekaju pregled ostavljaju svoje e-poruke ovdje: pročitajte svaku, pa je pošaljite ili preskočite.
recruit-stage-emails-none = Ništa ne čeka pregled.
recruit-stage-emails-review = Pregledaj
recruit-stage-emails-waiting = { $count ->
    [one] { $count } e-poruka faze čeka pregled.
    [few] { $count } e-poruke faza čekaju pregled.
   *[other] { $count } e-poruka faza čeka pregled.
}
recruit-delay-none = Odmah
recruit-delay-minutes = { $count ->
    [one] Nakon { $count } minute
   *[other] Nakon { $count } minuta
}
recruit-delay-hours = { $count ->
    [one] Nakon { $count } sata
   *[other] Nakon { $count } sati
}
recruit-delay-days = { $count ->
    [one] Nakon { $count } dana
   *[other] Nakon { $count } dana
}
recruit-stage-mail-none = Bez e-poruke po dolasku
recruit-stage-mail-review = uz pregled
recruit-stage-mail-no-templates = Faza može pisati kandidatima koji do nje dođu: najprije napišite e-poruku kao predložak.
recruit-stage-mail-write-templates = Napišite predloške
recruit-stage-mail-template = E-poruka po dolasku
recruit-stage-mail-delay = Kada
recruit-stage-mail-review-first = Netko je pregleda prije slanja
recruit-follow = Prati
recruit-following-button = Pratite
recruit-follow-hint = Pratitelji u obavijestima saznaju za nove prijave i kandidate koji napreduju.
notice-recruit-following = Pratite ovaj oglas.
notice-recruit-unfollowed = Više ne pratite ovaj oglas.
recruit-team-line = Tim za zapošljavanje: { $names }
recruit-news-applied = { $name } se prijavio/la
recruit-news-moved = { $name } prelazi u fazu { $stage }
recruit-news-hired = { $name } je zaposlen/a
recruit-news-replied = { $name } je odgovorio/la

# Interviews
purpose-recruit-interview = Poziv na razgovor
purpose-recruit-interview-hint = Šalje se kandidatu s kalendarskom pozivnicom kada se termin razgovora odredi ili promijeni.
purpose-recruit-interview-slots = Razgovor: odabir termina
purpose-recruit-interview-slots-hint = Šalje se kandidatu kada je ponuđeno više termina: jedan odabire na stranici svojih prijava.
purpose-recruit-interview-cancelled = Razgovor otkazan
purpose-recruit-interview-cancelled-hint = Šalje se kandidatu, s kalendarskim otkazivanjem, kada se razgovor otkaže.
purpose-recruit-interview-reminder = Podsjetnik na razgovor
purpose-recruit-interview-reminder-hint = Šalje se kandidatu dan prije razgovora.
placeholder-interview = Razgovor
placeholder-when = Datum i vrijeme
placeholder-place = Mjesto
recruit-interview-mail = Razgovor: { $name } · { $job }
recruit-interview-mail-cancelled = Otkazano: razgovor s { $name } · { $job }
recruit-interview-reminder = Razgovor s { $name }: { $when }
recruit-interviews = Razgovori
recruit-interviews-mine = Moji
recruit-interviews-all = Svi
recruit-interviews-none = Nema nadolazećih razgovora.
recruit-interview-proposed = Čeka da kandidat odabere termin
recruit-interview-cancelled-badge = Otkazano
recruit-interview-offered = Ponuđeni termini:
recruit-interview-change = Promijeni ili otkaži
recruit-interview-new-time = Novi termin
recruit-interview-reschedule = Odredi ovaj termin
recruit-interview-cancel = Otkaži razgovor
recruit-interview-cancel-confirm = Otkazati ovaj razgovor? Kandidat i sugovornici primit će otkazivanje.
recruit-interview-plan = Zakaži razgovor
recruit-interview-default-title = Razgovor
recruit-interview-place = Mjesto ili poveznica za video
recruit-interview-place-hint = npr. Ilica 1, ili poveznica za video
recruit-interviewers = Sugovornici
recruit-interview-duration = Trajanje
recruit-interview-zone = Vremenska zona
recruit-interview-times = Termini
recruit-interview-times-hint = Jedan termin određuje razgovor i šalje pozivnice; više termina nudi se kandidatu, koji odabire jedan.
recruit-interview-time = Termin
recruit-interview-send = Pošalji pozivnicu
recruit-minutes = { $count ->
    [one] { $count } minuta
    [few] { $count } minute
   *[other] { $count } minuta
}
notice-recruit-interview-planned = Razgovor je zakazan: pozivnice su na putu.
notice-recruit-interview-rescheduled = Novi termin poslan je svima.
notice-recruit-interview-cancelled = Razgovor je otkazan: svi su obaviješteni.
recruit-feed = Vaš kalendar
recruit-feed-intro = Pretplatite se na ovu adresu u Google kalendaru, Outlooku ili Appleovu kalendaru kako biste ondje vidjeli svoje razgovore. Čuvajte je za sebe: tko je ima, vidi ih.
recruit-feed-once = Kopirajte je sada, više se neće prikazati:
recruit-feed-replace-confirm = Napraviti novu adresu? Trenutna prestaje raditi.
recruit-feed-replace = Napravi novu adresu
recruit-feed-make = Dohvati adresu mog kalendara
careers-interviews = Razgovori
careers-interview-pick = Odaberite termin koji vam odgovara
careers-interview-confirm = Potvrdi ovaj termin
careers-interview-picked = Vaš je razgovor potvrđen: pozivnica je u vašoj e-pošti.
field-slots = Termini
field-slots-n = Termin { $n }
field-slot = Termin
field-interviewers = Sugovornici
field-interviewers-n = Sugovornik { $n }
field-duration-minutes = Trajanje
field-starts-at = Novi termin

# Offers
purpose-recruit-offer = Pismo s ponudom
purpose-recruit-offer-hint = Pismo koje se šalje kandidatu s odobrenom ponudom: radno mjesto, plaća, datum početka i uvjeti.
placeholder-salary = Plaća
placeholder-start = Datum početka
placeholder-terms = Uvjeti
recruit-offer = Ponuda
recruit-offer-make = Napravi ponudu
recruit-offer-ask = Zatraži odobrenje
recruit-offer-start = Početak
recruit-offer-approver = Odobrava:
recruit-offer-note = Komentar (neobavezno)
recruit-offer-approve = Odobri
recruit-offer-refuse = Odbij
recruit-offer-send = Pošalji pismo s ponudom
recruit-offer-record-accepted = Kandidat je prihvatio
recruit-offer-record-declined = Kandidat je odbio
recruit-offer-withdraw = Povuci
recruit-offer-withdraw-confirm = Povući ovu ponudu?
recruit-offer-to-approve = Ponuda za odobrenje: { $name } · { $job }
recruit-offer-status-pending = Čeka odobrenje
recruit-offer-status-approved = Odobrena
recruit-offer-status-refused = Odbijena
recruit-offer-status-sent = Poslana
recruit-offer-status-accepted = Prihvaćena
recruit-offer-status-declined = Odbijena od kandidata
recruit-offer-status-withdrawn = Povučena
notice-recruit-offer-created = Ponuda čeka odobrenje.
notice-recruit-offer-approved = Ponuda je odobrena: može se poslati.
notice-recruit-offer-refused = Ponuda je odbijena.
notice-recruit-offer-sent = Pismo s ponudom je na putu.
notice-recruit-offer-withdrawn = Ponuda je povučena.
notice-recruit-offer-answered = Odgovor kandidata je zabilježen.
recruit-news-accepted = { $name } je prihvatio/la ponudu
recruit-news-declined = { $name } je odbio/la ponudu
careers-offers = Ponude
careers-offer-accept = Prihvati
careers-offer-decline = Odbij
careers-offer-accepted = Prihvatili ste ponudu: tim će vam se javiti.
careers-offer-declined = Odbili ste ponudu. Hvala što ste nam javili.
field-salary = Plaća
field-start-date = Datum početka
field-terms = Uvjeti
field-approver-id = Odobrava
field-note = Komentar

recruit-mentioned = { $author } vas je spomenuo/la u vezi s { $name }
recruit-comment-hint = Napišite @ i ime kolege da ga obavijestite.

# Interview kits and scorecards
recruit-kit = Vodič za razgovor
recruit-kit-none = Bez vodiča za razgovor
recruit-kit-criteria = Kriteriji za ocjenu (jedan po retku)
recruit-kit-criteria-hint = Komunikacija
recruit-kit-questions = Pitanja (jedno po retku)
recruit-kit-questions-hint = Opišite kupca kojeg ste vratili.
recruit-kit-criteria-count = { $count ->
    [one] { $count } kriterij
    [few] { $count } kriterija
   *[other] { $count } kriterija
}
recruit-kit-questions-count = { $count ->
    [one] { $count } pitanje
    [few] { $count } pitanja
   *[other] { $count } pitanja
}
recruit-scorecard-fill = Ispunite svoju ocjensku listu
recruit-scorecard-change = Promijenite svoju ocjensku listu
recruit-scorecard-send = Spremi moju listu
recruit-scorecards-hidden = { $count ->
    [one] Lista { $count } kolege prikazuje se kad pošaljete svoju.
   *[other] Liste { $count } kolega prikazuju se kad pošaljete svoju.
}
recruit-reco-strong_no = Sigurno ne
recruit-reco-no = Ne
recruit-reco-yes = Da
recruit-reco-strong_yes = Svakako da
notice-recruit-scorecard-saved = Vaša je lista spremljena.
field-recommendation = Ukupna preporuka
field-notes = Bilješke
field-criteria = Kriteriji
field-questions = Pitanja

# Anonymous review
recruit-blind = Anonimna procjena za voditelje
recruit-blind-off = Isključeno: vide tko su kandidati
recruit-blind-until = Do faze
recruit-blind-hint = Dok kandidat ne dođe do odabrane faze, poveznice voditelja prikazuju ga bez imena, kontakata, dokumenata i bez onoga u životopisu što otkriva tko je, dob ili spol.
recruit-blind-name = Kandidat { $code }
recruit-blind-note = Anonimna procjena: ono što otkriva kandidata skriveno je do kasnije faze.
field-until-stage-id = Faza

recruit-added = Dodano
recruit-added-within-7 = U zadnjih 7 dana
recruit-added-within-30 = U zadnjih 30 dana
recruit-added-within-90 = U zadnjih 90 dana
recruit-added-within-365 = U zadnjih godinu dana
recruit-experience-years = Iskustvo
recruit-experience-at-least = { $count ->
    [one] Barem { $count } godinu
    [few] Barem { $count } godine
   *[other] Barem { $count } godina
}
recruit-years-of-experience = { $count ->
    [one] { $count } godina iskustva
    [few] { $count } godine iskustva
   *[other] { $count } godina iskustva
}

# Employee referrals
recruit-referrals = Preporuke
recruit-referrals-intro = Znate nekoga za jedan od naših otvorenih oglasa? Preporučite ga ovdje: preporuka se pripisuje vama i pratite kako napreduje.
recruit-referrals-mine = Vaše preporuke
recruit-referrals-none = Još niste nikoga preporučili.
recruit-referrals-no-jobs = Trenutno nema otvorenih oglasa.
recruit-refer = Preporučite nekoga
recruit-refer-send = Preporuči
notice-recruit-referred = Hvala: vaša je preporuka kod tima za zapošljavanje.
recruit-news-referral-moved = Vaša preporuka { $name } prelazi u fazu { $stage }
recruit-news-referral-hired = Vaša preporuka { $name } je zaposlena
field-job-id = Oglas

recruit-kit-ask = Pitanja za razgovor

# Requisitions
recruit-requisitions = Zahtjevi za zapošljavanje
recruit-requisitions-intro = Zatražite zapošljavanje prije otvaranja oglasa: koliko ljudi, proračun, zašto. Odabrana osoba odobrava; povezani oglasi otvaraju se kad je zahtjev odobren, a zaposleni ga popunjavaju.
recruit-requisitions-none = Još nema zahtjeva.
recruit-requisition-new = Zatraži zapošljavanje
recruit-requisition-to-approve = Zahtjev za zapošljavanje za odobrenje: { $title }
recruit-requisition-filled = Zaposleno { $filled } od { $headcount }
recruit-requisition-jobs = { $count ->
    [one] { $count } oglas
    [few] { $count } oglasa
   *[other] { $count } oglasa
}
recruit-requisition-status-pending = Čeka odobrenje
recruit-requisition-status-approved = Odobren
recruit-requisition-status-refused = Odbijen
notice-recruit-requisition-created = Zahtjev čeka odobrenje.
field-headcount = Broj ljudi
field-budget = Proračun
field-budget-currency = Valuta
field-requisition-id = Zahtjev za zapošljavanje

recruit-duplicates = Možda ista osoba
recruit-duplicate-email = ista e-pošta
recruit-duplicate-phone = isti telefon
recruit-duplicate-name = isto ime
recruit-duplicate-cv = isti životopis
recruit-merge = Spoji u ovaj profil
recruit-merge-confirm = Spojiti ovu osobu u profil koji gledate? Njezine prijave, dokumenti, baze kandidata i razgovori prelaze ovamo; to se ne može poništiti.
notice-recruit-merged = Profili su spojeni
recruit-merge-note = Spojeno iz dvostruke prijave primljene { $date } (izvor: { $source }, status: { $status }). Faze: { $stages }.
recruit-merge-scorecard = Ocjenjivački obrazac osobe { $author }: { $recommendation }.
recruit-assessments = Procjene
hub-recruit-assessments = Platforme za testiranje koje šalju rezultate kandidata, prikazane na njihovim prijavama.
recruit-assessments-intro = Platforme za testiranje (vještine, jezici, osobnost) ovdje šalju rezultate, potpisane tajnom koju im date; svaki se rezultat prikazuje na svojoj prijavi.
recruit-assessment-add = Dodaj platformu
recruit-assessment-added = Platforma je dodana
recruit-assessment-secret-once = Odmah dajte platformi ovu adresu i tajnu: tajna se više neće prikazati.
recruit-assessment-endpoint = Adresa za slanje
recruit-assessment-secret = Tajna
recruit-assessment-delete-confirm = Ukloniti ovu platformu? Više neće moći slati; njezini rezultati ostaju.
recruit-assessment-how = Što platforma šalje
recruit-assessment-how-text = JSON tijelo koje navodi prijavu (njezin ID, dan pri pozivu kandidata) i test, s rezultatom, ocjenom, sažetkom i poveznicom na cijelo izvješće, potpisano tajnom u zaglavlju X-Portico-Signature kao i Porticovi webhookovi. Rezultat ponovno poslan za isti test ažurira ga.
recruit-assessment-report = Cijelo izvješće
recruit-assessment-status-invited = Pozvan
recruit-assessment-status-started = Započeto
recruit-assessment-status-completed = Završeno
recruit-assessment-status-expired = Isteklo
import-importer-recruit = Zapošljavanje
import-guide-recruit = Iz Jobaffinityja, Teamtailora, Greenhousea ili tablice. Svaki redak označava zapis ID-om koji mu je dao drugi proizvod: ponavljajte uvoz do prelaska, ažurirat će ono što je stvorio. Prijave zadržavaju datum primitka i dosegnutu fazu; nitko ne dobiva e-poštu.
import-sheet-recruit-jobs = Oglasi
import-sheet-recruit-candidates = Kandidati
import-sheet-recruit-applications = Prijave
import-field-recruit-external_id = ID u drugom proizvodu
import-field-recruit-title = Naziv
import-field-recruit-unit = Jedinica (po nazivu)
import-field-recruit-department = Odjel
import-field-recruit-location = Mjesto
import-field-recruit-workplace = U uredu, hibridno ili na daljinu
import-field-recruit-contract = Ugovor
import-field-recruit-description = Opis
import-field-recruit-status = Status
import-field-recruit-salary_min = Plaća od
import-field-recruit-salary_max = Plaća do
import-field-recruit-salary_currency = Valuta
import-field-recruit-locale = Jezik oglasa
import-field-recruit-email = E-pošta
import-field-recruit-name = Puno ime
import-field-recruit-first_name = Ime
import-field-recruit-last_name = Prezime
import-field-recruit-phone = Telefon
import-field-recruit-headline = Naslov
import-field-recruit-skills = Vještine
import-field-recruit-languages = Jezici
import-field-recruit-tags = Oznake
import-field-recruit-cv = Datoteka životopisa (naziv u ZIP-u)
import-field-recruit-consent_until = Privola do
import-field-recruit-job = Oglas (ID u drugom proizvodu)
import-field-recruit-candidate = Kandidat (ID u drugom proizvodu)
import-field-recruit-stage = Faza
import-field-recruit-reject_reason = Razlog odbijanja
import-field-recruit-source = Izvor
import-field-recruit-applied_at = Datum prijave
import-error-recruit-invalid-value-unit = nijedna jedinica nema ovaj naziv.
import-error-recruit-invalid-value-job = nijedan oglas nema ovaj ID, u ovoj datoteci ni u ranijem uvozu.
import-error-recruit-invalid-value-candidate = nijedan kandidat nema ovaj ID, u ovoj datoteci ni u ranijem uvozu.
import-error-recruit-invalid-value-stage = oglas nema fazu tog naziva ili vrste.
import-error-recruit-required-cv = ove datoteke nema u ZIP-u.
recruit-busy = Vaša dostupnost
recruit-busy-intro = Unesite tajnu iCal adresu svog kalendara (Google, Outlook, Nextcloud): Portico čita kada ste zauzeti, nikad sadržaj događaja, kako se razgovori ne bi zakazivali preko njih.
recruit-busy-url = Adresa vašeg kalendara (ICS)
recruit-busy-read = { $count ->
    [one] { $formatted } zauzeti termin pročitan unaprijed
    [few] { $formatted } zauzeta termina pročitana unaprijed
   *[other] { $formatted } zauzetih termina pročitano unaprijed
}
recruit-busy-pending = Čitanje u tijeku…
recruit-busy-error = Vaš kalendar nije bilo moguće pročitati:
recruit-busy-next = Kada su zauzeti (sljedeća dva tjedna)
recruit-busy-ignore = Zakaži i ako je netko od ispitivača zauzet
recruit-free-filled = Ponuđena su vaša slobodna vremena u radnom vremenu: promijenite ih po želji.
recruit-free-suggest = Predloži termine slobodne za sve sugovornike
recruit-free-found = Upisani su termini u radnom vremenu slobodni za sve sugovornike.
recruit-free-none = U sljedeća dva tjedna nema termina u radnom vremenu koji odgovara svim sugovornicima.
error-interviewer-busy = Netko od ispitivača zauzet je u to vrijeme: odaberite drugo ili ipak zakažite.
recruit-draft-button = Napiši oglas
recruit-draft-hint = Zapišite radno mjesto u opis (svaka stavka u svom retku, „- ” za popis): oglas se piše iz tih bilješki i polja iznad.
notice-recruit-drafted = Prijedlog oglasa nalazi se u opisu: pročitajte ga i prilagodite prije spremanja.
notice-recruit-drafted-fallback = Pomoćnik za pisanje nije odgovorio: ovaj prijedlog dolazi iz Porticova predloška. Pročitajte ga i prilagodite prije spremanja.
recruit-draft-intro = { $org } zapošljava: { $title }, { $location } ({ $contract }).
recruit-draft-role = Radno mjesto
recruit-draft-salary = Plaća: { $range }.
recruit-draft-apply = Prepoznajete li se? Prijavite se u nekoliko minuta: čitamo svaku prijavu i odgovaramo na svaku.
recruit-draft-email-invite =
    Poštovani/a { $name },

    hvala na prijavi za radno mjesto { $job }. Željeli bismo vas upoznati i razgovarati o poslu: možete li nam javiti kada ste slobodni sljedećih dana?
recruit-draft-email-reject =
    Poštovani/a { $name },

    hvala na prijavi za radno mjesto { $job } i na vremenu koje ste nam posvetili. Odlučili smo ne nastaviti s vašom prijavom za ovo radno mjesto. Želimo vam puno uspjeha u traženju.
recruit-draft-email-follow_up =
    Poštovani/a { $name },

    kratka obavijest o vašoj prijavi za radno mjesto { $job }: još je razmatramo i javit ćemo vam se čim budemo imali novosti.
recruit-draft-email-closing = Srdačan pozdrav,
recruit-draft-subject-invite = Vaša prijava za { $job }: upoznajmo se
recruit-draft-subject-reject = Vaša prijava za { $job }
recruit-draft-subject-follow_up = Vaša prijava za { $job }: gdje smo
recruit-draft-purpose = Napiši e-poruku za
recruit-draft-purpose-invite = Poziv na razgovor
recruit-draft-purpose-reject = Odbijanje prijave
recruit-draft-purpose-follow_up = Novosti o prijavi
recruit-draft-email-button = Napiši
notice-recruit-email-drafted = Prijedlog je u poruci, na jeziku kandidata: pročitajte ga i prilagodite prije slanja.
