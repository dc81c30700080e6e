# Portico — hrvatski

## Shell and navigation
skip-to-content = Preskoči na sadržaj
nav-settings = Postavke
nav-label = Glavna navigacija
search-label = Pretraživanje
search-placeholder = Pretraži sve (Ctrl+K)
sign-out = Odjava
language = Jezik
back-to-form = Natrag na obrazac
back-home = Natrag na početnu
view-as-active = Pregledavate što vidi druga uloga. U ovom načinu ništa se ne može mijenjati.
view-as-exit = Završi pregled

## Common words
save = Spremi
delete = Izbriši
remove = Ukloni
copy = Kopiraj
download = Preuzmi
share = Izradi poveznicu
revoke = Opozovi
revoked = Opozvano
active = Aktivno
inactive = Neaktivno
deactivate = Deaktiviraj
actions = Radnje
filter = Filtriraj
next-page = Sljedeća stranica
export-csv = Izvezi CSV
builtin = ugrađena
confirm-delete = Trajno izbrisati?
confirm-archive = Arhivirati ovu jedinicu?
key = Ključ
all-permissions = sva vaša

## Columns
col-name = Naziv
col-type = Vrsta
col-size = Veličina
col-time = Vrijeme
col-actor = Tko
col-action = Radnja
col-record = Zapis
col-change = Promjena
col-status = Stanje
col-progress = Napredak
col-task = Zadatak
col-expires = Istječe
col-last-used = Zadnja uporaba
col-last-login = Zadnja prijava
col-permissions = Ovlasti
col-scopes = Opseg
col-subject = Predmet
col-to = Primatelj
col-shown = Prikaz
col-attempts = Pokušaji
type-file = Datoteka

## Fields (labels, also used in error messages)
field-limit = Veličina stranice
field-cursor = Pokazivač stranice

## Dashboard and lists
count-results = { $count ->
    [one] { $formatted } rezultat
    [few] { $formatted } rezultata
   *[other] { $formatted } rezultata
}

## Errors
error-with-field = { $field }: { $message }
error-not-found = Nije pronađeno.
error-forbidden = Nemate ovlast za ovu radnju.
error-unauthenticated = Prijavite se.
error-invalid-credentials = Pogrešna e-pošta ili lozinka.
error-account-locked = Previše neuspjelih pokušaja. Pokušajte ponovno za 15 minuta ili postavite novu lozinku.
error-rate-limited = Previše zahtjeva. Pričekajte minutu i pokušajte ponovno.
error-looks-automated = Obrazac je poslan prebrzo ili ga je ispunio program. Pričekajte trenutak i pošaljite ga ponovno.
error-csrf-failed = Obrazac je istekao. Ponovno učitajte stranicu i pokušajte opet.
error-link-expired = Ova je poveznica istekla, već iskorištena ili opozvana.
error-required = Ovo polje je obavezno.
error-too-long = Vrijednost je predugačka.
error-too-short = Vrijednost je prekratka.
error-invalid-email = Ovo nije valjana adresa e-pošte.
error-invalid-value = Ova vrijednost nije dopuštena.
error-template-syntax = Ovaj predložak nije čitljiv: provjerite dijelove {"{{"} … {"}}"} i {"{%"} … {"%}"}.
error-unknown-placeholder = Ovaj predložak koristi varijablu koja ovdje ne postoji.
error-invalid-url = Ovo nije valjana http(s) adresa.
error-invalid-number = Ovo nije valjan broj.
error-invalid-date = Ovo nije valjan datum (GGGG-MM-DD).
error-invalid-credentials-for-current-password = Ovo nije vaša trenutna lozinka.
error-too-short-for-password = Upotrijebite barem 10 znakova.
error-too-short-for-new-password = Upotrijebite barem 10 znakova.
error-already-exists-for-email = Netko u ovom radnom prostoru već ima ovu adresu.
error-already-exists = Ova je vrijednost već zauzeta.
error-invitation-pending = Pozivnica na ovu adresu već čeka prihvaćanje.
error-conflict = To nije moguće u trenutnom stanju.
error-malformed-json = Tijelo zahtjeva nije valjan JSON.
error-bad-request = Zahtjev je neispravan.
error-payload-too-large = Datoteka ili zahtjev je prevelik.
error-unsupported-media-type = Ova vrsta sadržaja nije prihvaćena.
error-bad-cursor = Poveznica stranice nije valjana.
error-method-not-allowed = Ova metoda ovdje nije dopuštena.
error-uri-too-long = Adresa je preduga.
error-internal = Došlo je do pogreške na našoj strani. Zabilježena je.
error-unavailable = Usluga nije spremna.
size-b = { $n } B
size-kb = { $n } kB
size-mb = { $n } MB
size-gb = { $n } GB
list-empty = Ovdje još nema ničega.
list-no-match = Ništa ne odgovara ovoj pretrazi.
list-clear-filters = Očisti pretragu i filtre
list-remove-filter = Ukloni filtar
list-columns = Stupci
list-apply = Primijeni
list-first-page = Prva stranica
list-select-all = Odaberi sve retke
list-select-row = Odaberi ovaj redak
list-selected = Odabrano: %n
palette-label = Paleta naredbi
palette-placeholder = Pretraži ili idi na…
palette-results = Rezultati
palette-keys = ↑ ↓ za pomicanje · Enter za otvaranje · Esc za zatvaranje
palette-go-to = Idi na
palette-everything = Sve
palette-search-for = Svi rezultati za „{ $q }”
confirm-title = Jeste li sigurni?
confirm-yes = Da, nastavi
cancel = Odustani
role-owner = Vlasnik
role-admin = Administrator
role-manager = Voditelj
role-member = Član
filter-all = Sve
col-created = Stvoreno
pair = { $label }: { $value }
file-choose = Odaberite datoteku
file-none = Nije odabrana datoteka

# Javne stranice
site-sections = Dijelovi stranice
site-back-home = Natrag na početnu
