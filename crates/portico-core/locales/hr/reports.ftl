# Izvješća
nav-reports = Izvješća
reports-intro = Brojke kroz vrijeme, po osobi, jedinici ili vrsti, kao grafikon s tablicom istih brojki. Spremite izvješće da ga podijelite s jedinicom ili ga primate e-poštom.
report-new = Novo izvješće
report-starts = Za početak
report-start-activity = Aktivnost po osobi
report-start-activity-hint = Svaka promjena u radnom prostoru, po danu i po osobi, kroz 30 dana.
report-start-files = Datoteke po jedinici
report-start-files-hint = Koliko datoteka ima svaka jedinica i njihova veličina, učitano u zadnjih godinu dana.
report-start-kinds = Što se mijenjalo, tjedan po tjedan
report-start-kinds-hint = Promjene po tjednu i vrsti zapisa, kroz 90 dana.
reports-saved = Spremljena izvješća
reports-empty = Još nema spremljenih izvješća. Krenite od jednog od gornjih pa ga spremite.
report-dataset = Podaci
report-shared-with = Podijeljeno s
report-shared-hint = Svi koji vide ovu jedinicu vide izvješće, svatko s brojkama svojih jedinica.
report-schedule = Slanje e-poštom
schedule-none = Nikad
schedule-daily = Svako jutro
schedule-weekly = Svaki ponedjeljak
schedule-monthly = Prvog u mjesecu
report-group-by = Grupiraj po
report-then-by = Zatim po
report-period = Razdoblje
report-last-days = { $count ->
    [one] Danas
   *[other] Zadnjih { $formatted } dana
}
report-chart = Grafikon
chart-line = Linije
chart-bar = Stupci
chart-stacked = Složeni stupci
chart-funnel = Lijevak
chart-table = Samo tablica
report-all-units = Sve jedinice
report-metrics = Brojke
report-show = Prikaži
report-nothing = U ovom razdoblju ništa nije izbrojeno.
report-choose = Gore odaberite što brojati.
report-total = Ukupno
report-save = Spremi ovo izvješće
report-save-changes = Spremi promjene
report-recipients = Pošalji
report-recipients-hint = Svaka osoba prima brojke jedinica koje vidi, s priloženim CSV-om.
report-delete-confirm = Izbrisati ovo izvješće? Brojke ostaju u podacima.
report-other = Ostalo
report-none = Ništa
report-someone = Netko drugi
report-week-of = Tj. od { $date }
report-grain-day = Dan
report-grain-week = Tjedan
report-grain-month = Mjesec
report-by-actor = Osoba
report-by-kind = Vrsta zapisa
report-by-action = Promjena
report-open = Otvori „{ $name }” u Porticu
dataset-activity = Aktivnost
dataset-activity-hint = Svaka promjena upisana u zapisnik.
dataset-files = Datoteke
dataset-files-hint = Učitane datoteke, po jedinici i vrsti.
metric-events = Promjene
metric-files = Datoteke
metric-bytes = Veličina
notice-report-saved = Izvješće spremljeno.
notice-report-deleted = Izvješće izbrisano.
record-kind-report = Izvješće
field-recipients = Primatelji
field-schedule = Slanje e-poštom
field-days = Razdoblje
field-metrics = Brojke
field-group-by = Grupiraj po
field-group-by-n = Grupiranje { $n }
field-metrics-n = Brojka { $n }
report-days = { $count ->
    [one] { $count } dan
    [few] { $count } dana
   *[other] { $count } dana
}
