# Obavijesti i prisutnost
nav-notifications = Obavijesti
notification-preferences = Postavke e-pošte
notification-preferences-intro = Vaše se obavijesti uvijek prikazuju ispod zvonca. Odaberite koje vam stižu i e-poštom: odmah, u jednoj poruci svakog jutra ili nikad.
notifications-read-all = Označi sve kao pročitano
notifications-empty = Ništa novo. Kad vas netko spomene, dodijeli vam nešto ili vas pravilo o nečemu obavijesti, prikazat će se ovdje.
notification-unread = Nepročitano:
notice-notifications-read = Sve je označeno kao pročitano.
notifications-digest = { $count ->
    [one] Čeka vas { $formatted } obavijest
    [few] Čekaju vas { $formatted } obavijesti
   *[other] Čeka vas { $formatted } obavijesti
}
notification-kind-mention = Spominjanja
notification-kind-mention-hint = Netko vas spomene u bilješci ili komentaru.
notification-kind-assignment = Dodjele
notification-kind-assignment-hint = Netko vam dodijeli nešto na rješavanje.
notification-kind-approval = Odobrenja
notification-kind-approval-hint = Nešto čeka vašu odluku.
notification-kind-rule = Pravila
notification-kind-rule-hint = Pravilo radnog prostora obavještava vas o nečemu.
notification-kind-task = Dugotrajne operacije
notification-kind-task-hint = Izvoz, uvoz ili druga dugotrajna operacija koju ste pokrenuli je završena.
notification-kind-alert = Upozorenja
notification-kind-alert-hint = Pretraga koju ste spremili ima nove rezultate.
notification-kind-activity = Aktivnost
notification-kind-activity-hint = Novosti o onome što pratite: nova prijava, kandidat koji napreduje. U jutarnjem sažetku, osim ako ne odaberete drugačije.
notification-email-instant = Odmah
notification-email-daily = Jutarnji sažetak
notification-email-never = Nikad
presence-typing = piše…
presence-also-here = Također ovdje:
rule-action-notify = Obavijesti osobe
rule-param-message = Poruka
purpose-notification = Obavijest
purpose-notification-hint = E-pošta koja nekoga obavještava o obavijesti, ili svakog jutra o više njih.
placeholder-notification-title = Što se dogodilo
placeholder-notification-body = Pojedinosti
record-kind-notification = Obavijest
field-actions-n-message = Radnja { $n }, poruka
field-preferences-n-email = Izbor e-pošte { $n }
notification-task-done = Završeno: { $task }
notification-task-failed = Nije uspjelo: { $task }
