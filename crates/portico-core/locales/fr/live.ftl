# Notifications et présence
nav-notifications = Notifications
notification-preferences = Réglages des e-mails
notification-preferences-intro = Vos notifications s’affichent toujours sous la cloche. Choisissez celles qui vous parviennent aussi par e-mail : tout de suite, dans un message chaque matin, ou jamais.
notifications-read-all = Tout marquer comme lu
notifications-empty = Rien de nouveau. Quand quelqu’un vous mentionne, vous confie quelque chose ou qu’une règle vous prévient, cela s’affiche ici.
notification-unread = Non lue :
notice-notifications-read = Tout est marqué comme lu.
notifications-digest = { $count ->
    [one] Une notification vous attend
   *[other] { $formatted } notifications vous attendent
}
notification-kind-mention = Mentions
notification-kind-mention-hint = Quelqu’un vous cite dans une note ou un commentaire.
notification-kind-assignment = Attributions
notification-kind-assignment-hint = On vous confie quelque chose à traiter.
notification-kind-approval = Validations
notification-kind-approval-hint = Quelque chose attend votre décision.
notification-kind-rule = Règles
notification-kind-rule-hint = Une règle de l’espace de travail vous prévient de quelque chose.
notification-kind-task = Opérations longues
notification-kind-task-hint = Un export, un import ou une autre opération longue que vous avez lancée est terminée.
notification-kind-alert = Alertes
notification-kind-alert-hint = Une recherche que vous avez enregistrée a de nouveaux résultats.
notification-kind-activity = Activité
notification-kind-activity-hint = Ce qui arrive à ce que vous suivez : une nouvelle candidature, un candidat qui avance. Dans le récapitulatif du matin, sauf si vous choisissez autrement.
notification-email-instant = Tout de suite
notification-email-daily = Résumé du matin
notification-email-never = Jamais
presence-typing = écrit…
presence-also-here = Aussi sur cette page :
rule-action-notify = Notifier des personnes
rule-param-message = Message
purpose-notification = Notification
purpose-notification-hint = L’e-mail qui prévient quelqu’un d’une notification, ou chaque matin de plusieurs.
placeholder-notification-title = Ce qui s’est passé
placeholder-notification-body = Détails
record-kind-notification = Notification
field-actions-n-message = Action { $n }, message
field-preferences-n-email = Choix d’e-mail { $n }
notification-task-done = Terminé : { $task }
notification-task-failed = Échec : { $task }
