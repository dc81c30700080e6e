# Portico — hrvatski

## Shell and navigation
nav-home = Početna
nav-files = Datoteke
nav-tasks = Operacije
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
search-kinds = Vrste zapisa
search-kind-all = Sve
search-tips = Savjeti za pretraživanje
search-tip-word = riječ
search-tip-phrase = Ove riječi, zajedno i ovim redom.
search-tip-without = Izostavi ono što sadrži ovu riječ.
search-tip-unit = U ovoj jedinici i jedinicama ispod nje (naziv ili identifikator).
search-tip-facets = Datoteke neke vrste, veće od zadane veličine u bajtovima; također company: za kontakte i status: za osobe.
search-tip-dates = Stvoreno određenog dana, mjeseca ili godine, ili između dva datuma (također updated: za kontakte).
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
field-content-type = Vrsta
field-size = Veličina
field-extraction-status = Čitanje teksta
field-expires-at = Istječe
field-active = Aktivan
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
tasks-empty = Još nema operacija. Dugotrajni poslovi (uvoz, izvoz, ponovno indeksiranje) ovdje se prikazuju s napretkom.
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
invite-link-once = Pozivnica je stvorena; njezina e-pošta je na putu (stanje je prikazano ispod). Možete proslijediti i ovu poveznicu (prikazuje se jednom):
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
events-hint = Nazivi događaja odvojeni zarezima, npr.
events-hint-empty = Ostavite prazno za sve događaje.
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
notice-invited = Pozivnica je stvorena.
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
record-kind-workspace = Radni prostor
record-kind-unit = Jedinica
record-kind-role = Uloga
record-kind-user = Osoba
record-kind-grant = Dodjela uloge
record-kind-api_token = API token
record-kind-invitation = Pozivnica
record-kind-file = Datoteka
record-kind-guest_link = Gostujuća poveznica
record-kind-webhook = Webhook
record-kind-webhook_delivery = Isporuka webhooka
record-kind-custom_field = Prilagođeno polje
record-kind-task = Zadatak
record-kind-email = E-pošta
record-kind-audit_entry = Zapis dnevnika
users-empty = Nitko ne odgovara ovim filtrima.
users-enable = Omogući
users-disable = Onemogući
users-disable-confirm = Onemogućiti odabrane osobe? Odmah se odjavljuju i ne mogu se prijaviti dok ih ponovno ne omogućite.
mime-pdf = PDF
mime-word = Word dokument
mime-spreadsheet = Proračunska tablica
mime-text = Tekst
mime-image = Slika
mime-other = Ostalo
files-delete-confirm = Izbrisati odabrane datoteke? Njihove gostujuće poveznice prestaju raditi.
audit-verb-create = Stvaranje: { $kind }
audit-verb-update = Izmjena: { $kind }
audit-verb-delete = Brisanje: { $kind }
audit-verb-revoke = Opoziv: { $kind }
audit-verb-move = Premještanje: { $kind }
audit-verb-archive = Arhiviranje: { $kind }
audit-verb-accept = Prihvaćanje: { $kind }
audit-verb-upload = Prijenos: { $kind }
audit-verb-extract = Pročitan tekst: { $kind }
audit-verb-merge = Spajanje s duplikatom: { $kind }
audit-verb-other = Izmjena: { $kind }
audit-action-user-login = Prijava
audit-action-user-logout = Odjava
audit-action-user-lock = Račun zaključan nakon neuspjelih prijava
audit-action-user-password-reset = Lozinka ponovno postavljena
audit-action-invitation-accept = Pozivnica prihvaćena
actor-user = osobno
actor-api-token = putem API tokena
actor-guest = putem gostujuće poveznice
actor-system = Portico
audit-raw-export = Izvoz sirovih podataka (CSV)
yes = Da
no = Ne
email-status-pending = Na čekanju
email-status-sent = Poslano
email-status-failing = Još nije isporučeno
col-invitation-mail = Isporuka
invitation-revoke-confirm = Povući ovu pozivnicu? Njezina poveznica prestaje raditi.
task-kind-search-reindex = Ponovna izgradnja indeksa pretraživanja
task-kind-archive-export = Izvoz radnog prostora
task-kind-archive-import = Uvoz kopije
webhook-all-events = Svi događaji
webhook-deactivate-confirm = Deaktivirati odabrane webhookove? Isporuke koje još čekaju se otkazuju.
webhooks-empty = Još nema webhooka: dodajte jedan ispod kako biste svaku promjenu slali drugom sustavu.
field-type-text = Tekst
field-type-number = Broj
field-type-date = Datum
field-type-select = Izbor
field-type-multi_select = Višestruki izbor
field-type-checkbox = Da / ne
field-type-url = Web adresa
user-disable-confirm = Onemogućiti ovu osobu? Odmah se odjavljuje i ne može se prijaviti dok je ponovno ne omogućite.
grant-remove-confirm = Ukloniti ovu ulogu? Osoba odmah gubi ono što je uloga dopuštala.
grant-admin-confirm = Ova uloga daje potpunu kontrolu nad radnim prostorom: svim jedinicama, osobama i postavkama. Dodijeliti je?
unit-move-confirm = Premjestiti ovu jedinicu i sve ispod nje? Osobe s ulogama iznad mogu dobiti ili izgubiti pristup.
nav-contacts = Kontakti
contacts-intro = Osobe s kojima surađujete, a nisu zaposlenici: klijenti, kandidati, partneri.
contacts-empty = Nijedan kontakt ne odgovara. Dodajte prvi ispod.
contact-new = Dodaj kontakt
contact-create = Dodaj kontakt
contact-delete-confirm = Izbrisati ovaj kontakt i njegove prilagođene vrijednosti?
contacts-delete-confirm = Izbrisati odabrane kontakte i njihove prilagođene vrijednosti?
notice-contact-created = Kontakt je dodan.
notice-contact-deleted = Kontakt je izbrisan.
contact-erase = Izbriši osobne podatke
contact-erase-confirm = Izbrisati ime, adresu i telefon ove osobe ovdje i svugdje gdje ih Portico čuva (povijest, e-pošta, obavijesti)? Zapis ostaje, ali više ne kaže o kome se radi. Ovo se ne može poništiti.
notice-contact-erased = Osobni podaci su izbrisani.
audit-verb-erase = Osobni podaci za { $kind } su izbrisani
field-phone = Telefon
field-company = Tvrtka
col-updated = Izmijenjeno
record-kind-contact = Kontakt
mail-failure-unreachable = Poslužitelj e-pošte nije dostupan: provjerite SMTP postavke. Portico pokušava ponovno.
mail-failure-auth = Poslužitelj e-pošte odbio je Porticovo korisničko ime ili lozinku: provjerite SMTP postavke.
mail-failure-rejected = Poslužitelj e-pošte odbio je ovu adresu.
mail-failure-tls = Sigurna veza s poslužiteljem e-pošte nije uspjela: provjerite njegov certifikat i TLS postavku.
mail-failure-other = Poslužitelj e-pošte nije prihvatio poruku. Portico pokušava ponovno.
webhook-deactivate-one-confirm = Deaktivirati ovaj webhook? Isporuke koje još čekaju bit će otkazane.
delivery-status-pending = Na čekanju
delivery-status-delivered = Isporučeno
delivery-status-failed = Neuspjelo
delivery-status-cancelled = Otkazano
user-erase = Izbriši osobne podatke
user-erase-confirm = Izbrisati ime i adresu ove osobe ovdje i svugdje gdje ih Portico čuva (povijest, e-pošta, pozivnice)? Nestaju i njezine sesije, tokeni, obavijesti i uloge. Ono što je učinila ostaje, bez navođenja tko je bila. Ovo se ne može poništiti.
notice-user-erased = Osobni podaci su izbrisani.
error-conflict-for-status = Onemogućite ovaj račun prije brisanja.
field-subject-type = Dijeljeni zapis

nav-import = Uvoz
hub-import = Prijeđite s drugog proizvoda: oglasi, kandidati i njihovi životopisi, prijave, iz CSV datoteka.
task-kind-imports-run = Uvoz iz CSV-a
task-kind-imports-check = Probni uvoz
import-upload-title = Pošaljite datoteke za uvoz
import-intro = Pošaljite jedan CSV ili ZIP s po jednim CSV-om za svaki list (nazvanim kao ispod, npr. candidates.csv) i datotekama koje navode (mapa životopisa). Stupci se prepoznaju po nazivu; prije upisa provjerite povezivanje i pokrenite probni uvoz.
import-what = Uvesti u
import-sheet = List
import-sheet-by-name = Prema nazivu datoteke
import-sheet-hint = Za samostalni CSV čiji naziv nije naziv lista.
import-read = Pročitaj datoteku
import-recent = Nedavni uvozi
import-mapping-title = Povežite stupce
import-files-count = { $count ->
    [0] nema drugih datoteka
    [one] { $formatted } druga datoteka (životopisi)
    [few] { $formatted } druge datoteke (životopisi)
   *[other] { $formatted } drugih datoteka (životopisi)
}
import-rows-count = { $count ->
    [0] nema redaka
    [one] { $formatted } redak
    [few] { $formatted } retka
   *[other] { $formatted } redaka
}
import-missing = Obavezno polje još nema stupac: odaberite ga ispod.
import-col-field = Polje
import-col-column = Stupac datoteke
import-col-example = Prvi redak
import-not-imported = Ne uvozi se
import-check = Probni uvoz
import-now = Uvezi sada
import-anyway = Uvezi ispravne retke
import-change-mapping = Promijeni povezivanje
import-rerun-hint = Retci čiji je vanjski ID već uvezen ažuriraju svoj zapis: uvoz možete ponavljati do prelaska.
import-run-title = Uvoz
import-check-title = Probni uvoz
import-summary = Što radi
import-check-clean = Svi retci prolaze: još ništa nije upisano.
import-done-clean = Svi retci su uvezeni.
import-failed-count = { $count ->
    [one] { $formatted } redak ne prolazi: naveden je ispod s razlogom.
    [few] { $formatted } retka ne prolaze: navedeni su ispod s razlogom.
   *[other] { $formatted } redaka ne prolazi: navedeni su ispod s razlogom.
}
import-created = Stvoreno
import-updated = Ažurirano
import-would-create = Bit će stvoreno
import-would-update = Bit će ažurirano
import-unchanged = Bez promjene
import-failed = Neuspjelo
import-failures = Retci koji ne prolaze
import-line = Redak
import-reason = Razlog
import-download-failed = Preuzmi neuspjele retke
