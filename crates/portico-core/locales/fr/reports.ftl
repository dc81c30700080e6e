# Rapports
nav-reports = Rapports
reports-intro = Des comptes dans le temps, par personne, unité ou type, en graphique avec le tableau des mêmes chiffres. Enregistrez un rapport pour le partager avec une unité ou le recevoir par e-mail.
report-new = Nouveau rapport
report-starts = Pour commencer
report-start-activity = Activité par personne
report-start-activity-hint = Chaque modification faite dans l’espace de travail, par jour et par personne, sur 30 jours.
report-start-files = Fichiers par unité
report-start-files-hint = Combien de fichiers chaque unité détient et leur taille, déposés sur la dernière année.
report-start-kinds = Ce qui a changé, semaine par semaine
report-start-kinds-hint = Modifications par semaine et par type d’enregistrement, sur 90 jours.
reports-saved = Rapports enregistrés
reports-empty = Aucun rapport enregistré. Partez de l’un de ceux ci-dessus, puis enregistrez-le.
report-dataset = Données
report-shared-with = Partagé avec
report-shared-hint = Tous ceux qui voient cette unité voient le rapport, chacun avec les chiffres de ses propres unités.
report-schedule = Envoyé par e-mail
schedule-none = Jamais
schedule-daily = Chaque matin
schedule-weekly = Chaque lundi
schedule-monthly = Le 1er du mois
report-group-by = Regrouper par
report-then-by = Puis par
report-period = Période
report-last-days = { $count ->
    [one] Aujourd’hui
   *[other] { $formatted } derniers jours
}
report-chart = Graphique
chart-line = Courbes
chart-bar = Barres
chart-stacked = Barres empilées
chart-funnel = Entonnoir
chart-table = Tableau seul
report-all-units = Toutes les unités
report-metrics = Chiffres
report-show = Afficher
report-nothing = Rien n’a été compté sur cette période.
report-choose = Choisissez ci-dessus ce qu’il faut compter.
report-total = Total
report-save = Enregistrer ce rapport
report-save-changes = Enregistrer les modifications
report-recipients = Envoyer à
report-recipients-hint = Chaque personne reçoit les chiffres des unités qu’elle voit, avec le CSV en pièce jointe.
report-delete-confirm = Supprimer ce rapport ? Ses chiffres restent dans les données.
report-other = Autres
report-none = Aucun
report-someone = Quelqu’un d’autre
report-week-of = Sem. du { $date }
report-grain-day = Jour
report-grain-week = Semaine
report-grain-month = Mois
report-by-actor = Personne
report-by-kind = Type d’enregistrement
report-by-action = Modification
report-open = Ouvrir « { $name } » dans Portico
dataset-activity = Activité
dataset-activity-hint = Chaque modification inscrite au journal d’audit.
dataset-files = Fichiers
dataset-files-hint = Fichiers déposés, par unité et par type.
metric-events = Modifications
metric-files = Fichiers
metric-bytes = Taille
notice-report-saved = Rapport enregistré.
notice-report-deleted = Rapport supprimé.
record-kind-report = Rapport
field-recipients = Destinataires
field-schedule = Envoyé par e-mail
field-days = Période
field-metrics = Chiffres
field-group-by = Regrouper par
field-group-by-n = Regroupement { $n }
field-metrics-n = Chiffre { $n }
report-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
