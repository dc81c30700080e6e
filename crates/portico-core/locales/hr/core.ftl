# Portico — hrvatski

## Shell and navigation
nav-home = Početna
nav-files = Datoteke
nav-tasks = Zadaci
nav-workspace = Radni prostor
nav-units = Jedinice
nav-users = Korisnici
nav-tokens = API tokeni
nav-roles = Uloge
nav-fields = Prilagođena polja
nav-webhooks = Webhookovi
nav-email = Dnevnik e-pošte
nav-audit = Revizijski dnevnik
search-submit = Traži
search-title = Pretraživanje
search-nothing = Nema rezultata. Pokušajte s manje ili kraćih riječi.
view-as-title = Prikaži kao uloga
view-as-intro = Pregledajte radni prostor točno onako kako ga vidi osoba s ovom ulogom na ovoj jedinici. Samo za čitanje.
view-as-start = Pokreni pregled

## Fields (labels, also used in error messages)
field-workspace = Naziv radnog prostora
field-name = Ime
field-email = E-pošta
field-password = Lozinka
field-current-password = Trenutna lozinka
field-new-password = Nova lozinka
field-locale = Jezik
field-time-zone = Vremenska zona
field-unit = Jedinica
field-unit-id = Jedinica
field-parent = Nadređena jedinica
field-parent-id = Nadređena jedinica
field-kind = Vrsta
field-role = Uloga
field-role-id = Uloga
field-label = Oznaka
field-key = Ključ
field-options = Mogućnosti
field-record-type = Vrsta zapisa
field-field-type = Vrsta polja
field-required = Obavezno
field-show-in-list = Prikaži u popisima
field-show-in-form = Prikaži u obrascima
field-position = Položaj
field-events = Događaji
field-url = URL
field-file = Datoteka
field-filename = Naziv datoteke
field-scopes = Opseg
field-permissions = Ovlasti
field-permission = Ovlast
field-status = Stanje
field-slug = Adresa radnog prostora
field-expires-in-hours = Vrijedi (sati)
field-expires-in-days = Istječe nakon (dana)
field-user-id = Korisnik
password-hint = Najmanje 10 znakova.

## Sign-in and account
setup-title = Izradite radni prostor
setup-intro = Ovo je prvo pokretanje Portica. Imenujte radni prostor i izradite račun vlasnika.
setup-submit = Izradi radni prostor
login-title = Prijava
login-choose-workspace = Vaša adresa ima račun u više radnih prostora. Odaberite jedan i ponovno unesite lozinku.
field-workspace-choice = Radni prostor
login-submit = Prijavi se
forgot-link = Zaboravili ste lozinku?
forgot-title = Ponovno postavljanje lozinke
forgot-submit = Pošalji mi poveznicu
reset-title = Odaberite novu lozinku
reset-submit = Postavi lozinku
invite-title = Pridružite se timu
invite-intro = Pozvani ste u { $workspace }. Odaberite ime i lozinku za početak.
invite-submit = Izradi moj račun
password-title = Lozinka
password-change = Promijeni lozinku
password-other-sessions = Ostale vaše sesije bit će odjavljene.
profile-title = Vaš profil

## Dashboard and lists
dashboard-title = Pregled
recent-activity = Nedavna aktivnost
no-activity = Još nema aktivnosti.
see-audit = Cijeli revizijski dnevnik
count-users = { $count ->
    [one] { $formatted } korisnik
    [few] { $formatted } korisnika
   *[other] { $formatted } korisnika
}

## Tasks
tasks-empty = Još nema zadataka. Dugotrajni poslovi (uvoz, izvoz, ponovno indeksiranje) ovdje se prikazuju s napretkom.
reindex = Ponovno izgradi indeks pretraživanja
task-status-queued = Na čekanju
task-status-running = U tijeku
task-status-done = Gotovo
task-status-failed = Neuspjelo

## Files
upload-title = Učitaj datoteku
upload-hint = PDF, Word (.docx), tekst, CSV ili slike, do 25 MB. Vrsta se provjerava prema sadržaju.
upload-submit = Učitaj
files-empty = Još nema datoteka. Učitajte životopis, ugovor ili bilo koji dokument da ga poslije pronađete po sadržaju.
extraction = Tekst
extraction-pending = izdvaja se
extraction-done = izdvojen
extraction-failed = nečitljiv
extraction-none = nije primjenjivo
extracted-text = Tekst pronađen u datoteci
guest-links = Poveznice za goste
link-copy-now = Kopirajte ovu poveznicu sada; prikazuje se samo jednom:
guest-intro = Netko je s vama podijelio ovu datoteku.
file-move-to = Premjesti u jedinicu

## Units
units-intro = Jedinice su odjeljci radnog prostora: regije, franšize, agencije, robne marke ili timovi. Svatko vidi zapise jedinica koje su mu dodijeljene, uključujući podjedinice.
unit-new = Nova jedinica
unit-create = Izradi jedinicu
unit-move-to = Premjesti pod
unit-move = Premjesti
unit-archive = Arhiviraj jedinicu
kind-placeholder = agencija, marka, tim…

## Users and roles
invite-new = Pozovite nekoga
invite-send = Pošalji pozivnicu
invite-link-once = Pozivnica je poslana. Možete proslijediti i ovu poveznicu (prikazuje se jednom):
pending-invitations = Pozivnice na čekanju
status-active = Aktivan
status-disabled = Onemogućen
user-disable = Onemogući račun
user-enable = Omogući račun
grants-title = Uloge i jedinice
grant-add = Dodijeli ulogu
explain-title = Zašto ta osoba ovo vidi?
explain-submit = Objasni
explain-allowed = Dopušteno
explain-denied = Nije dopušteno
role-new = Nova prilagođena uloga
role-create = Izradi ulogu
module-core = Radni prostor
module-recruit = Zapošljavanje
module-desk = Podrška
module-partners = Partneri
action-view = Pregled
action-create = Stvaranje
action-edit = Uređivanje
action-delete = Brisanje
action-export = Izvoz
action-admin = Upravljanje
why-grants = Uloga { $role } na { $granted_on } uključuje { $permission } i obuhvaća { $unit }.
why-outside = Uloga { $role } na { $granted_on } uključuje { $permission }, ali { $unit } je izvan { $granted_on }.
why-not-in-role = Uloga { $role } na { $granted_on } ne uključuje { $permission }.
why-no-role = Ova osoba nema nijednu ulogu.
why-token-scope = API token ne dopušta { $permission }.
why-preview = Pregled ne može ništa mijenjati.

## Settings
hub-units = Stablo regija, franšiza, agencija ili timova.
hub-users = Pozovite ljude i dodijelite im uloge na jedinicama.
hub-roles = Ugrađene i prilagođene uloge; pregledajte što uloga vidi.
hub-fields = Dodatna polja na jedinicama, korisnicima i datotekama.
hub-webhooks = Pošaljite svaku promjenu drugom sustavu, potpisano.
hub-email = Što je Portico poslao i je li stiglo.
hub-audit = Tko je što promijenio i kada; izvoz.
fields-empty = Još nema prilagođenih polja.
field-new = Novo prilagođeno polje
field-create = Dodaj polje
options-hint = Za polja s izborom: mogućnosti odvojene zarezima.
webhooks-intro = Portico šalje potpisani POST za svaku praćenu promjenu. Neuspjela slanja ponavljaju se s rastućim razmakom.
webhook-new = Novi webhook
webhook-create = Dodaj webhook
events-hint = Odvojeno zarezima, npr. unit.create. Ostavite prazno za sve događaje.
signing-secret = Tajni ključ za potpis
signing-hint = Provjerite X-Portico-Signature: t=vrijeme,v1=HMAC-SHA256(tajna, "vrijeme.tijelo").
deliveries = Slanja
deliveries-empty = Još ništa nije poslano.
email-empty = Još nije poslana nijedna poruka.

## API tokens
tokens-intro = Osobni tokeni omogućuju skriptama da koriste API u vaše ime. Šaljite ih kao „Authorization: Bearer <token>”.
token-new = Novi token
token-create = Izradi token
token-copy-now = Kopirajte token sada; više se neće prikazati:
limit-scopes = Ograniči na neke ovlasti (neobavezno)

## Notices
notice-welcome = Dobro došli u Portico!
notice-signed-out = Odjavljeni ste.
notice-saved = Spremljeno.
notice-deleted = Izbrisano.
notice-unit-created = Jedinica je izrađena.
notice-unit-moved = Jedinica je premještena.
notice-unit-archived = Jedinica je arhivirana.
notice-invited = Pozivnica je poslana.
notice-invitation-revoked = Pozivnica je povučena.
notice-role-created = Uloga je izrađena.
notice-field-created = Polje je dodano.
notice-webhook-created = Webhook je dodan.
notice-token-created = Token je izrađen.
notice-token-revoked = Token je opozvan.
notice-file-uploaded = Datoteka je učitana.
notice-file-moved = Datoteka je premještena.
notice-file-deleted = Datoteka je izbrisana.
notice-link-created = Poveznica je izrađena.
notice-link-revoked = Poveznica je opozvana.
notice-profile-saved = Profil je spremljen.
notice-password-changed-here = Lozinka je promijenjena. Ostale sesije su odjavljene.
notice-password-changed = Lozinka je promijenjena. Prijavite se novom lozinkom.
notice-reset-sent = Ako neki račun koristi ovu adresu, poveznica za novu lozinku je na putu.
notice-task-started = Pokrenuto. Napredak pratite ispod.
nav-data = Podaci
hub-data = Izvezite radni prostor ili uvezite arhivu kao kopiju.
data-export-title = Izvoz ovog radnog prostora
data-export-intro = Jedna arhiva sa svim zapisima i datotekama radnog prostora, za čuvanje ili uvoz u drugi Portico. Preuzeti je mogu samo administratori; sadrži sve, pa je čuvajte na sigurnom.
data-export-start = Izvezi sada
data-import-title = Uvoz kopije
data-import-intro = Uvezite Portico arhivu kao novi radni prostor uz ovaj: sigurno mjesto za isprobavanje ili radni prostor iz druge instalacije. Osobe zadržavaju lozinke; tokeni i poveznice se ne prenose.
data-import-slug-hint = Adresa novog radnog prostora: mala slova, znamenke i crtice.
data-import-start = Uvezi
notice-export-started = Izvoz je započeo. Prikazan je ispod s napretkom.
notice-import-started = Arhiva je provjerena i uvoz je započeo.
