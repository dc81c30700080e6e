# Recruit : navigation et types d’enregistrements
nav-recruit = Recrutement
nav-recruit-jobs = Offres
nav-recruit-candidates = Candidats
site-careers = Carrières
record-kind-recruit_job = Offre d’emploi
record-kind-recruit_stage = Étape du processus
record-kind-recruit_candidate = Candidat
record-kind-recruit_application = Candidature
record-kind-recruit_document = Document de candidat
record-kind-recruit_comment = Commentaire sur une candidature
record-kind-recruit_assessment = Résultat d’évaluation
record-kind-recruit_assessment_provider = Plateforme d’évaluation
audit-action-recruit-job-status = Offre ouverte, suspendue ou clôturée
audit-action-status-hire = Candidat recruté
audit-action-status-reject = Candidature refusée
audit-action-status-withdraw = Candidature retirée par le candidat
recruit-reject-notify = Prévenir le candidat par e-mail (le message « Candidature non retenue », dans sa langue)
purpose-recruit-rejected = Candidature non retenue
purpose-recruit-rejected-hint = Envoyé au candidat quand l’équipe refuse sa candidature et choisit de le prévenir.
purpose-recruit-received = Candidature reçue
purpose-recruit-received-hint = Envoyé au candidat dès qu’il postule sur le site carrières.
placeholder-job = Intitulé du poste

# Champs
field-location = Lieu
field-department = Service
field-description = Description
field-contract = Contrat
field-workplace = Mode de travail
field-salary-min = De
field-salary-max = À
field-salary-currency = Devise
field-salary-period = Par
field-ad-locale = Langue de l’annonce
field-stage = Étape
field-reason = Motif
field-source = Source
field-headline = Titre du profil
field-skills = Compétences
field-links = Liens
field-languages = Langues
field-experience = Expérience
field-education = Formation
recruit-languages-hint = Séparées par des virgules, par ex. anglais, croate.
recruit-lines-hint = Une par ligne.
recruit-from-cv = D'après le CV
recruit-from-cv-hint = Lu dans le CV le plus récent : les champs vides du profil en ont été remplis. Ici, ce qu'il dit de plus que le profil.
recruit-present = aujourd'hui
field-cv = CV
field-cover-letter = Lettre de motivation
field-consent = Consentement
field-body = Commentaire
field-rating = Note
field-consent-until = Conservé jusqu’au
field-reject-reason = Motif du refus
field-category = Type d’étape
field-candidate-id = Candidat
field-application-id = Candidature
field-stage-id = Étape

# Valeurs
status-draft = Brouillon
status-open = Publiée
status-paused = Suspendue
status-closed = Clôturée
value-contract-permanent = CDI
value-contract-fixed_term = CDD
value-contract-internship = Stage
value-contract-apprenticeship = Alternance
value-contract-freelance = Freelance
value-contract-temporary = Intérim
value-workplace-onsite = Sur site
value-workplace-hybrid = Hybride
value-workplace-remote = Télétravail
value-salary-period-year = par an
value-salary-period-month = par mois
value-salary-period-hour = de l’heure
value-category-new = Nouveaux
value-category-screen = Présélection
value-category-interview = Entretien
value-category-offer = Proposition
value-category-hired = Recruté
status-rejected = Non retenue
status-hired = Recruté
status-withdrawn = Retirée
value-reject-reason-experience = Expérience insuffisante
value-reject-reason-skills = Compétences inadaptées
value-reject-reason-salary = Prétentions salariales
value-reject-reason-location = Localisation
value-reject-reason-position_filled = Poste pourvu
value-reject-reason-other = Autre motif
value-source-career_site = Site carrières
value-source-api = Ajouté par l’équipe
value-source-referral = Cooptation
value-source-linkedin = LinkedIn
value-source-indeed = Indeed
value-source-facebook = Facebook
value-source-x = X (Twitter)
value-source-email = Partagé par e-mail
value-source-rss = Flux RSS
value-source-job_board_api = API des jobboards
value-source-google = Google

# Offres
recruit-jobs-intro = Vos postes ouverts et où en sont leurs candidats. Ouvrez une offre pour voir son tableau.
recruit-jobs-empty = Aucune offre pour l’instant. Rédigez votre première annonce : elle paraît sur votre site carrières dès sa publication.
recruit-job-new = Nouvelle offre
recruit-job-edit = Modifier l’offre
recruit-job-publish = Publier
recruit-job-save-draft = Enregistrer en brouillon
recruit-action-publish = Publier
recruit-action-pause = Suspendre
recruit-action-close = Clôturer l’offre
recruit-action-resume = Republier
recruit-action-reopen = Rouvrir
recruit-job-view-public = Voir sur le site carrières
recruit-location-hint = Une ville, par ex. Lyon. Laissez vide pour un poste en télétravail.
recruit-salary = Salaire (facultatif, affiché sur l’annonce)
recruit-col-new = Nouveaux
recruit-col-active = En cours
recruit-col-hired = Recrutés
notice-recruit-job-created = L’offre est enregistrée.
notice-recruit-moved = Le candidat a été déplacé.
notice-recruit-rejected = La candidature a été refusée.
notice-recruit-commented = Votre commentaire est enregistré.

# Tableau
recruit-board-help = Faites glisser un candidat vers une autre étape, ou placez-vous sur sa carte et appuyez sur la flèche gauche ou droite. Chaque carte a aussi un bouton Déplacer.
recruit-move = Déplacer
recruit-move-to = Déplacer vers
recruit-days-in-stage = Jours dans cette étape
recruit-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
recruit-comments = { $count ->
    [one] { $count } commentaire
   *[other] { $count } commentaires
}
recruit-rejected-count = { $count ->
    [one] { $count } candidature refusée
   *[other] { $count } candidatures refusées
}

# Pages candidature et candidat
recruit-comment = Commentaire pour l’équipe de recrutement
recruit-comment-add = Ajouter le commentaire
recruit-rating = Note
recruit-no-rating = Sans note
recruit-timeline = Activité
recruit-moved-from = Déplacé de
recruit-moved-to = vers
recruit-applied-in = A postulé, placé dans
recruit-reject = Refuser
recruit-details = Détails
recruit-applied = Candidature le
recruit-open-profile = Ouvrir le profil du candidat
recruit-open-contact = Ouvrir le contact
recruit-documents = Documents
recruit-no-documents = Aucun document.
recruit-unreadable = son texte n’a pas pu être lu
recruit-other-applications = Autres candidatures
recruit-applications = Candidatures
recruit-no-applications = Aucune candidature.
recruit-profile = Profil
recruit-skills-hint = Séparées par des virgules, par ex. vente, anglais, Excel.
recruit-links-hint = Une adresse par ligne (LinkedIn, portfolio).
recruit-consent-until = Accepte d’être conservé jusqu’au
recruit-candidates-intro = Toutes les personnes qui ont postulé à vos offres ou que votre équipe a ajoutées. Cherchez par nom, compétence ou lieu.
recruit-candidates-ranked = Les plus pertinents d'abord, parmi les 500 plus récents. Affinez avec un autre mot, ou avec skills:, location:, languages: ou experience:3..
recruit-candidates-empty = Aucun candidat pour l’instant. Ils apparaissent ici dès qu’ils postulent sur votre site carrières.

# Site carrières
careers-title = Rejoignez-nous
careers-search = Rechercher
careers-search-hint = Intitulé, mot-clé
careers-location = Lieu
careers-contract = Contrat
careers-workplace = Mode de travail
careers-any = Tous
careers-search-button = Rechercher
careers-clear = Effacer les filtres
careers-count = { $count ->
    [one] { $count } poste ouvert
   *[other] { $count } postes ouverts
}
careers-none = Aucun poste n’est ouvert en ce moment. Revenez bientôt !
careers-none-match = Aucun poste ne correspond à votre recherche.
careers-all-jobs = Toutes nos offres
careers-apply = Postuler
careers-apply-for = Postuler :
careers-share = Partager cette offre
careers-share-linkedin = LinkedIn
careers-share-facebook = Facebook
careers-share-x = X
careers-share-email = E-mail
careers-cv-hint = PDF, Word (DOCX), OpenDocument (ODT) ou texte, jusqu’à 10 Mo.
careers-cv-again = Merci de choisir à nouveau votre fichier.
careers-optional = (facultatif)
recruit-apply-consent = J’accepte que { $site } conserve ma candidature et les données qu’elle contient pendant { $months } mois pour l’étudier, ainsi que pour d’autres postes. Je peux la retirer ou demander son effacement à tout moment.
careers-send = Envoyer ma candidature
careers-thanks = Merci !
careers-thanks-body = Votre candidature au poste { $job } a bien été reçue. Nous vous avons envoyé un e-mail avec un lien pour la suivre.
careers-follow = Suivre mes candidatures
careers-mine = Mes candidatures
careers-mine-applications = Où elles en sont
careers-mine-none = Vous n’avez aucune candidature chez nous.
careers-applied-on = Envoyée le
careers-withdraw = Retirer
recruit-withdrawn = Votre candidature a été retirée.
careers-mine-documents = Ce que vous nous avez envoyé
careers-mine-data = Vos coordonnées, une copie de tout ce que nous détenons sur vous et la déconnexion sont dans
careers-mine-portal = votre espace.

# Responsables qui recrutent
recruit-hm-title = Responsables qui recrutent
recruit-hm-intro = Envoyez un lien au responsable qui décide avec vous : il voit la présélection de cette offre (les candidats passés par la première étape) avec leurs CV, commente et note, sans compte.
recruit-hm-created = Voici le lien. Copiez-le maintenant et envoyez-le : il n’est affiché qu’une fois.
recruit-hm-label = Pour qui
recruit-hm-label-hint = par ex. Marc, directeur de magasin
recruit-hm-days = Valable (jours)
recruit-hm-share = Créer un lien
recruit-hm-until = valable jusqu’au
recruit-hm-revoked = révoqué le
recruit-hm-revoke = Révoquer
recruit-hm-hello = Bonjour { $name } : voici les candidats présélectionnés par l’équipe. Donnez-leur votre avis.
recruit-hm-empty = Personne n’est encore présélectionné. L’équipe placera ici les candidats une fois leur première lecture faite.
notice-recruit-link-created = Le lien est créé.
notice-recruit-link-revoked = Le lien n’ouvre plus rien.

# Analyses
dataset-recruit = Recrutement
dataset-recruit-hint = Candidatures, entonnoir des étapes, recrutements et délai de recrutement, refus : chaque candidature comptée dans la période où elle a été reçue.
metric-applications = Candidatures
metric-reached = Ont atteint l’étape
metric-hires = Recrutements
metric-time-to-hire = Délai de recrutement
metric-rejections = Refus

# Liste d’une offre
recruit-views = Vues
recruit-view-board = Tableau
recruit-view-list = Liste
recruit-col-moved = Dans l’étape depuis
recruit-bulk-target = Action
recruit-bulk-apply = Appliquer à la sélection
recruit-bulk-notify = Prévenir par e-mail les candidats refusés
recruit-applications-empty = Aucune candidature ne correspond.
notice-recruit-bulk-done = C’est fait pour les candidats sélectionnés.

# Consentement
purpose-recruit-consent = Vos données de candidature
purpose-recruit-consent-hint = Envoyé au candidat un mois avant la fin de son consentement, avec un lien pour conserver sa candidature.
placeholder-date = Date
careers-consent = Combien de temps nous gardons vos données
careers-consent-until = Vous avez accepté que nous conservions vos candidatures et ce que vous avez envoyé jusqu’au
careers-keep = Les conserver 24 mois de plus
careers-kept = Nous conservons vos candidatures 24 mois de plus.
audit-action-recruit-candidate-consent = Consentement renouvelé par le candidat

# Processus
recruit-pipeline = Processus de recrutement
recruit-pipeline-intro = Les étapes de cette offre, dans l’ordre. Renommer une étape ne change son nom que pour cette offre ; une étape peut être retirée tant que personne n’y est passé.
recruit-stage-rename = Renommer
recruit-stage-up = Monter
recruit-stage-down = Descendre
recruit-stage-remove = Retirer
recruit-stage-remove-confirm = Retirer cette étape du processus ?
recruit-stage-new = Nouvelle étape
recruit-stage-add = Ajouter l’étape

# Questions de présélection
recruit-questions = Questions de présélection
recruit-questions-hint = Posées sur le formulaire de candidature. Une question éliminatoire refuse aussitôt la candidature si l’autre réponse est donnée (motif : question éliminatoire).
recruit-question = Question
recruit-question-kind = Réponse
recruit-question-text = Texte libre
recruit-question-yes-no = Oui ou non
recruit-question-knockout = Éliminatoire
recruit-question-no-knockout = Non
recruit-question-must-yes = Doit répondre oui
recruit-question-must-no = Doit répondre non
recruit-question-required = Obligatoire
recruit-answers = Réponses aux questions
value-reject-reason-knockout = Question éliminatoire
field-answers-n = Question { $n }
field-questions-n-label = Question { $n }
field-questions-n-kind = Réponse de la question { $n }
field-questions-n-knockout = Critère éliminatoire de la question { $n }

# Passer d’un candidat à l’autre
recruit-neighbours = Autres candidats de cette offre
recruit-previous = Candidat précédent
recruit-next = Candidat suivant
recruit-keys-hint = Clavier : j suivant, k précédent
recruit-transfer-to = Transférer vers une autre offre
recruit-transfer = Transférer
notice-recruit-transferred = La candidature a été transférée, avec son historique.
audit-action-recruit-application-transfer = Candidature transférée vers une autre offre
careers-already-applied = Vous avez déjà postulé ?
recruit-pipelines = Modèles de processus
recruit-pipelines-intro = Les étapes par lesquelles commence une nouvelle offre. L'offre copie les étapes de son modèle : modifier un modèle ne déplace personne d'un processus en cours.
recruit-pipelines-none = Aucun modèle pour l'instant : les nouvelles offres commencent avec le processus par défaut.
recruit-pipeline-new = Nouveau modèle
recruit-pipeline-stages = Étapes
recruit-pipeline-stages-hint = Dans l'ordre : la première est une étape « Nouveaux », la dernière l'étape « Recruté ». Les lignes vides sont ignorées.
recruit-pipeline-delete-hint = Les offres créées avec ce modèle gardent leurs étapes.
recruit-pipeline-default = Processus par défaut
recruit-pipeline-save-as = Enregistrer ce processus comme modèle
recruit-pipeline-save-as-hint = Les nouvelles offres pourront partir de ces étapes, avec l'e-mail que chacune envoie au candidat et son guide d’entretien.
recruit-pipeline-on-arrival = E-mail et guide
recruit-pipeline-settings-hint = Un modèle enregistré depuis une offre garde les e-mails de ses étapes et leurs guides d’entretien : modifiez-les sur une offre, puis enregistrez son processus comme modèle.
notice-recruit-pipeline-saved = Processus enregistré comme modèle.
recruit-stage = Étape
field-stages = Étapes
field-stages-n-name = Étape { $n }
field-stages-n-category = Type de l'étape { $n }
field-pipeline-template-id = Processus
error-invalid-value-for-stages = il faut entre 2 et 12 étapes.
error-invalid-value-for-stages-0-category = doit être une étape « Nouveaux » : les candidatures y arrivent.
recruit-pools = Viviers
recruit-pools-intro = Des candidats gardés pour plus tard : les finalistes, un vivier saisonnier, ceux à rappeler quand une offre s'ouvre.
recruit-pools-none = Aucun vivier pour l'instant.
recruit-pool-new = Nouveau vivier
recruit-pool-edit = Nom et description
recruit-pool-empty = Personne dans ce vivier : ajoutez des candidats depuis leur fiche ou la liste d'une offre.
recruit-pool-description = Description
recruit-pool-added = Ajouté
recruit-pool-added-by = ajouté par
recruit-pool-remove = Retirer
recruit-pool-delete-hint = Les candidats restent ; seule la liste disparaît.
recruit-pool-add = Ajouter à un vivier
notice-recruit-pool-added = Ajouté au vivier.
notice-recruit-pool-removed = Retiré du vivier.
recruit-pool-to = Ajouter au vivier
field-pool-id = Vivier
recruit-pool-members = { $count ->
    [one] { $formatted } candidat
   *[other] { $formatted } candidats
}
field-tags = Étiquettes
recruit-tags-hint = Séparées par des virgules, par ex. bilingue, soirées, second entretien.
recruit-tag-with = Étiqueter
recruit-searches = Recherches enregistrées
recruit-search-save = Enregistrer cette recherche
recruit-search-alert = Me prévenir chaque jour des nouveaux candidats trouvés
recruit-search-alerted = alerte
notice-recruit-search-saved = Recherche enregistrée.

# Candidate e-mail, stage e-mails and the hiring team
purpose-recruit-candidate-email = E-mails aux candidats
purpose-recruit-candidate-email-hint = Les messages que l’équipe envoie aux candidats depuis une candidature, et que les étapes d’une offre envoient quand un candidat les atteint.
placeholder-stage = Étape
mail-consumer-recruit-candidates = Le fil du candidat (Recrutement)
field-message = Message
field-template = Modèle
field-delay-minutes = Délai
recruit-email-write = Écrire au candidat
recruit-email-template = Partir d’un modèle
recruit-email-own-words = — Mes propres mots —
recruit-email-template-hint = Avec un modèle choisi et le message laissé vide, c’est le modèle qui part, rempli pour ce candidat et dans sa langue.
recruit-email-send = Envoyer
recruit-email-to-review = En attente de relecture
recruit-email-goes-at = Part tout seul le
recruit-email-template-gone = Son modèle a été supprimé : rien ne peut partir, ignorez-le.
recruit-email-send-now = Envoyer maintenant
recruit-email-skip = Ignorer
recruit-email-from-candidate = Du candidat
recruit-email-to-candidate = Au candidat
recruit-email-state-sent = Envoyé
recruit-email-state-pending = En cours d’envoi
recruit-email-state-failing = Pas encore envoyé
recruit-email-state-bounced = Revenu en erreur
notice-recruit-email-sent = L’e-mail est en route.
notice-recruit-email-skipped = L’e-mail ne sera pas envoyé.
recruit-stage-emails = E-mails à relire
recruit-stage-emails-intro = Les étapes réglées pour attendre une relecture déposent leurs e-mails ici : lisez chacun, puis envoyez-le ou ignorez-le.
recruit-stage-emails-none = Rien n’attend de relecture.
recruit-stage-emails-review = Relire
recruit-stage-emails-waiting = { $count ->
    [one] { $count } e-mail d’étape attend une relecture.
   *[other] { $count } e-mails d’étape attendent une relecture.
}
recruit-delay-none = Tout de suite
recruit-delay-minutes = { $count ->
    [one] Après { $count } minute
   *[other] Après { $count } minutes
}
recruit-delay-hours = { $count ->
    [one] Après { $count } heure
   *[other] Après { $count } heures
}
recruit-delay-days = { $count ->
    [one] Après { $count } jour
   *[other] Après { $count } jours
}
recruit-stage-mail-none = Pas d’e-mail à l’arrivée
recruit-stage-mail-review = relu avant
recruit-stage-mail-no-templates = Une étape peut écrire aux candidats qui l’atteignent : rédigez d’abord l’e-mail comme modèle.
recruit-stage-mail-write-templates = Rédiger des modèles
recruit-stage-mail-template = E-mail à l’arrivée
recruit-stage-mail-delay = Quand
recruit-stage-mail-review-first = Quelqu’un le relit avant qu’il parte
recruit-follow = Suivre
recruit-following-button = Vous suivez
recruit-follow-hint = Ceux qui suivent l’offre sont prévenus des nouvelles candidatures et des candidats qui avancent, dans leurs notifications.
notice-recruit-following = Vous suivez cette offre.
notice-recruit-unfollowed = Vous ne suivez plus cette offre.
recruit-team-line = Équipe de recrutement : { $names }
recruit-news-applied = { $name } a postulé
recruit-news-moved = { $name } passe à l’étape { $stage }
recruit-news-hired = { $name } est embauché·e
recruit-news-replied = { $name } a répondu

# Interviews
purpose-recruit-interview = Invitation à un entretien
purpose-recruit-interview-hint = Envoyé au candidat avec l’invitation d’agenda quand l’horaire d’un entretien est fixé ou change.
purpose-recruit-interview-slots = Entretien : choisir un horaire
purpose-recruit-interview-slots-hint = Envoyé au candidat quand plusieurs horaires sont proposés : il en choisit un sur la page de ses candidatures.
purpose-recruit-interview-cancelled = Entretien annulé
purpose-recruit-interview-cancelled-hint = Envoyé au candidat, avec l’annulation d’agenda, quand un entretien est annulé.
purpose-recruit-interview-reminder = Rappel d’entretien
purpose-recruit-interview-reminder-hint = Envoyé au candidat la veille de son entretien.
placeholder-interview = Entretien
placeholder-when = Date et heure
placeholder-place = Lieu
recruit-interview-mail = Entretien : { $name } · { $job }
recruit-interview-mail-cancelled = Annulé : entretien avec { $name } · { $job }
recruit-interview-reminder = Entretien avec { $name } : { $when }
recruit-interviews = Entretiens
recruit-interviews-mine = Les miens
recruit-interviews-all = Tous
recruit-interviews-none = Aucun entretien à venir.
recruit-interview-proposed = En attente du choix du candidat
recruit-interview-cancelled-badge = Annulé
recruit-interview-offered = Horaires proposés :
recruit-interview-change = Modifier ou annuler
recruit-interview-new-time = Nouvel horaire
recruit-interview-reschedule = Fixer cet horaire
recruit-interview-cancel = Annuler l’entretien
recruit-interview-cancel-confirm = Annuler cet entretien ? Le candidat et les personnes qui le mènent reçoivent l’annulation.
recruit-interview-plan = Planifier un entretien
recruit-interview-default-title = Entretien
recruit-interview-place = Lieu ou lien de visio
recruit-interview-place-hint = par ex. 12 rue de la Paix, ou un lien de visio
recruit-interviewers = Qui mène l’entretien
recruit-interview-duration = Durée
recruit-interview-zone = Fuseau horaire
recruit-interview-times = Horaires
recruit-interview-times-hint = Un seul horaire fixe l’entretien et envoie les invitations ; plusieurs sont proposés au candidat, qui en choisit un.
recruit-interview-time = Horaire
recruit-interview-send = Envoyer l’invitation
recruit-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
notice-recruit-interview-planned = L’entretien est planifié : les invitations sont en route.
notice-recruit-interview-rescheduled = Le nouvel horaire est envoyé à tous.
notice-recruit-interview-cancelled = L’entretien est annulé : tout le monde est prévenu.
recruit-feed = Votre agenda
recruit-feed-intro = Abonnez-vous à cette adresse dans Google Agenda, Outlook ou Calendrier d’Apple pour y voir vos entretiens. Gardez-la pour vous : qui l’a les voit.
recruit-feed-once = Copiez-la maintenant, elle ne sera plus affichée :
recruit-feed-replace-confirm = Créer une nouvelle adresse ? L’actuelle cessera de fonctionner.
recruit-feed-replace = Créer une nouvelle adresse
recruit-feed-make = Obtenir l’adresse de mon agenda
careers-interviews = Entretiens
careers-interview-pick = Choisissez l’horaire qui vous convient
careers-interview-confirm = Confirmer cet horaire
careers-interview-picked = Votre entretien est confirmé : l’invitation est dans vos e-mails.
field-slots = Horaires
field-slots-n = Horaire { $n }
field-slot = Horaire
field-interviewers = Qui mène l’entretien
field-interviewers-n = Personne { $n } menant l’entretien
field-duration-minutes = Durée
field-starts-at = Nouvel horaire

# Offers
purpose-recruit-offer = Lettre de proposition
purpose-recruit-offer-hint = La lettre envoyée au candidat avec une proposition validée : le poste, la rémunération, la date de début et les conditions.
placeholder-salary = Rémunération
placeholder-start = Date de début
placeholder-terms = Conditions
recruit-offer = Proposition
recruit-offer-make = Faire une proposition
recruit-offer-ask = Demander la validation
recruit-offer-start = Début le
recruit-offer-approver = Validation :
recruit-offer-note = Commentaire (facultatif)
recruit-offer-approve = Valider
recruit-offer-refuse = Refuser
recruit-offer-send = Envoyer la lettre de proposition
recruit-offer-record-accepted = Acceptée par le candidat
recruit-offer-record-declined = Déclinée par le candidat
recruit-offer-withdraw = Retirer
recruit-offer-withdraw-confirm = Retirer cette proposition ?
recruit-offer-to-approve = Proposition à valider : { $name } · { $job }
recruit-offer-status-pending = En attente de validation
recruit-offer-status-approved = Validée
recruit-offer-status-refused = Refusée
recruit-offer-status-sent = Envoyée
recruit-offer-status-accepted = Acceptée
recruit-offer-status-declined = Déclinée
recruit-offer-status-withdrawn = Retirée
notice-recruit-offer-created = La proposition attend sa validation.
notice-recruit-offer-approved = La proposition est validée : elle peut partir.
notice-recruit-offer-refused = La proposition est refusée.
notice-recruit-offer-sent = La lettre de proposition est en route.
notice-recruit-offer-withdrawn = La proposition est retirée.
notice-recruit-offer-answered = La réponse du candidat est enregistrée.
recruit-news-accepted = { $name } a accepté la proposition
recruit-news-declined = { $name } a décliné la proposition
careers-offers = Propositions
careers-offer-accept = Accepter
careers-offer-decline = Décliner
careers-offer-accepted = Vous avez accepté la proposition : l’équipe revient vers vous.
careers-offer-declined = Vous avez décliné la proposition. Merci de nous avoir répondu.
field-salary = Rémunération
field-start-date = Date de début
field-terms = Conditions
field-approver-id = Validation par
field-note = Commentaire

recruit-mentioned = { $author } vous a cité à propos de { $name }
recruit-comment-hint = Écrivez @ et le nom d’un collègue pour le prévenir.

# Interview kits and scorecards
recruit-kit = Guide d’entretien
recruit-kit-none = Pas de guide d’entretien
recruit-kit-criteria = Critères à noter (un par ligne)
recruit-kit-criteria-hint = Communication
recruit-kit-questions = Questions à poser (une par ligne)
recruit-kit-questions-hint = Racontez-nous un client que vous avez reconquis.
recruit-kit-criteria-count = { $count ->
    [one] { $count } critère
   *[other] { $count } critères
}
recruit-kit-questions-count = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
recruit-scorecard-fill = Remplir votre grille d’évaluation
recruit-scorecard-change = Modifier votre grille d’évaluation
recruit-scorecard-send = Enregistrer ma grille
recruit-scorecards-hidden = { $count ->
    [one] La grille d’{ $count } collègue s’affiche quand vous avez envoyé la vôtre.
   *[other] Les grilles de { $count } collègues s’affichent quand vous avez envoyé la vôtre.
}
recruit-reco-strong_no = Certainement pas
recruit-reco-no = Non
recruit-reco-yes = Oui
recruit-reco-strong_yes = Oui, sans hésiter
notice-recruit-scorecard-saved = Votre grille est enregistrée.
field-recommendation = Avis général
field-notes = Notes
field-criteria = Critères
field-questions = Questions

# Anonymous review
recruit-blind = Évaluation anonyme pour les responsables
recruit-blind-off = Désactivée : ils voient qui sont les candidats
recruit-blind-until = Jusqu’à l’étape
recruit-blind-hint = Tant qu’un candidat n’a pas atteint l’étape choisie, les liens des responsables le montrent sans nom, coordonnées, documents, ni ce qui dans le CV dit qui il est, son âge ou son genre.
recruit-blind-name = Candidat { $code }
recruit-blind-note = Évaluation anonyme : ce qui identifie le candidat est masqué jusqu’à une étape ultérieure.
field-until-stage-id = Étape

recruit-added = Ajouté
recruit-added-within-7 = Ces 7 derniers jours
recruit-added-within-30 = Ces 30 derniers jours
recruit-added-within-90 = Ces 90 derniers jours
recruit-added-within-365 = Cette dernière année
recruit-experience-years = Expérience
recruit-experience-at-least = { $count ->
    [one] Au moins 1 an
   *[other] Au moins { $count } ans
}
recruit-years-of-experience = { $count ->
    [one] 1 an d'expérience
   *[other] { $count } ans d'expérience
}

# Employee referrals
recruit-referrals = Cooptations
recruit-referrals-intro = Vous connaissez quelqu’un pour l’un de nos postes ouverts ? Recommandez-le ici : la cooptation vous est attribuée et vous suivez où elle en est.
recruit-referrals-mine = Vos cooptations
recruit-referrals-none = Vous n’avez encore recommandé personne.
recruit-referrals-no-jobs = Aucun poste n’est ouvert pour le moment.
recruit-refer = Recommander quelqu’un
recruit-refer-send = Le recommander
notice-recruit-referred = Merci : votre cooptation est entre les mains de l’équipe de recrutement.
recruit-news-referral-moved = Votre cooptation { $name } passe à l’étape { $stage }
recruit-news-referral-hired = Votre cooptation { $name } est embauchée
field-job-id = Poste

recruit-kit-ask = Questions à poser

# Requisitions
recruit-requisitions = Demandes de recrutement
recruit-requisitions-intro = Demandez à recruter avant d’ouvrir un poste : combien de personnes, le budget, pourquoi. La personne désignée valide ; les offres liées s’ouvrent une fois la demande validée, et leurs embauches la remplissent.
recruit-requisitions-none = Aucune demande pour le moment.
recruit-requisition-new = Demander à recruter
recruit-requisition-to-approve = Demande de recrutement à valider : { $title }
recruit-requisition-filled = { $filled } embauché(s) sur { $headcount }
recruit-requisition-jobs = { $count ->
    [one] { $count } offre
   *[other] { $count } offres
}
recruit-requisition-status-pending = En attente de validation
recruit-requisition-status-approved = Validée
recruit-requisition-status-refused = Refusée
notice-recruit-requisition-created = La demande attend sa validation.
field-headcount = Personnes à recruter
field-budget = Budget
field-budget-currency = Devise
field-requisition-id = Demande de recrutement

recruit-duplicates = Peut-être la même personne
recruit-duplicate-email = même e-mail
recruit-duplicate-phone = même téléphone
recruit-duplicate-name = même nom
recruit-duplicate-cv = même CV
recruit-merge = Fusionner dans ce profil
recruit-merge-confirm = Fusionner cette personne dans le profil affiché ? Ses candidatures, documents, viviers et échanges sont rattachés ici ; c’est définitif.
notice-recruit-merged = Profils fusionnés
recruit-merge-note = Fusionnée depuis une candidature en double reçue le { $date } (source : { $source }, statut : { $status }). Étapes : { $stages }.
recruit-merge-scorecard = Grille d’évaluation de { $author } : { $recommendation }.
recruit-assessments = Évaluations
hub-recruit-assessments = Les plateformes de tests qui envoient les résultats des candidats, affichés sur leurs candidatures.
recruit-assessments-intro = Les plateformes de tests (compétences, langues, personnalité) envoient ici leurs résultats, signés avec le secret que vous leur donnez ; chaque résultat s’affiche sur sa candidature.
recruit-assessment-add = Ajouter une plateforme
recruit-assessment-added = Plateforme ajoutée
recruit-assessment-secret-once = Donnez dès maintenant cette adresse et ce secret à la plateforme : le secret ne sera plus affiché.
recruit-assessment-endpoint = Adresse d’envoi
recruit-assessment-secret = Secret
recruit-assessment-delete-confirm = Retirer cette plateforme ? Elle ne pourra plus rien envoyer ; ses résultats restent.
recruit-assessment-how = Ce que la plateforme envoie
recruit-assessment-how-text = Un corps JSON qui nomme la candidature (son identifiant, donné à l’invitation du candidat) et le test, avec le score, la note, un résumé et le lien vers le rapport complet, signé avec le secret dans l’en-tête X-Portico-Signature comme les webhooks de Portico. Un résultat renvoyé pour le même test le met à jour.
recruit-assessment-report = Rapport complet
recruit-assessment-status-invited = Invité
recruit-assessment-status-started = Commencé
recruit-assessment-status-completed = Terminé
recruit-assessment-status-expired = Expiré
import-importer-recruit = Recrutement
import-guide-recruit = Depuis Jobaffinity, Teamtailor, Greenhouse ou un tableur. Chaque ligne désigne sa fiche par l’identifiant que l’autre logiciel lui donnait : relancez l’import jusqu’à la bascule, il met à jour ce qu’il a créé. Les candidatures gardent leur date de réception et l’étape atteinte ; personne ne reçoit d’e-mail.
import-sheet-recruit-jobs = Offres
import-sheet-recruit-candidates = Candidats
import-sheet-recruit-applications = Candidatures
import-field-recruit-external_id = Identifiant dans l’autre logiciel
import-field-recruit-title = Intitulé
import-field-recruit-unit = Unité (par son nom)
import-field-recruit-department = Service
import-field-recruit-location = Lieu
import-field-recruit-workplace = Sur site, hybride ou à distance
import-field-recruit-contract = Contrat
import-field-recruit-description = Description
import-field-recruit-status = Statut
import-field-recruit-salary_min = Salaire à partir de
import-field-recruit-salary_max = Salaire jusqu’à
import-field-recruit-salary_currency = Devise
import-field-recruit-locale = Langue de l’annonce
import-field-recruit-email = E-mail
import-field-recruit-name = Nom complet
import-field-recruit-first_name = Prénom
import-field-recruit-last_name = Nom
import-field-recruit-phone = Téléphone
import-field-recruit-headline = Titre
import-field-recruit-skills = Compétences
import-field-recruit-languages = Langues
import-field-recruit-tags = Étiquettes
import-field-recruit-cv = Fichier du CV (son nom dans le ZIP)
import-field-recruit-consent_until = Consentement jusqu’au
import-field-recruit-job = Offre (son identifiant dans l’autre logiciel)
import-field-recruit-candidate = Candidat (son identifiant dans l’autre logiciel)
import-field-recruit-stage = Étape
import-field-recruit-reject_reason = Motif de refus
import-field-recruit-source = Source
import-field-recruit-applied_at = Date de candidature
import-error-recruit-invalid-value-unit = aucune unité ne porte ce nom.
import-error-recruit-invalid-value-job = aucune offre n’a cet identifiant, dans ce fichier ou un import précédent.
import-error-recruit-invalid-value-candidate = aucun candidat n’a cet identifiant, dans ce fichier ou un import précédent.
import-error-recruit-invalid-value-stage = l’offre n’a pas d’étape de ce nom ou de ce type.
import-error-recruit-required-cv = ce fichier n’est pas dans le ZIP.
recruit-busy = Vos disponibilités
recruit-busy-intro = Donnez l’adresse iCal secrète de votre agenda (Google, Outlook, Nextcloud) : Portico y lit quand vous êtes occupé, jamais le contenu des événements, pour ne pas planifier d’entretien par-dessus.
recruit-busy-url = Adresse de votre agenda (ICS)
recruit-busy-read = { $count ->
    [one] Un créneau occupé lu à venir
   *[other] { $formatted } créneaux occupés lus à venir
}
recruit-busy-pending = Lecture en cours…
recruit-busy-error = Votre agenda n’a pas pu être lu :
recruit-busy-next = Quand ils sont occupés (deux prochaines semaines)
recruit-busy-ignore = Planifier même si un intervieweur est occupé
recruit-free-filled = Ces horaires sont des créneaux libres de votre agenda, aux heures ouvrées : modifiez-les à votre guise.
recruit-free-suggest = Proposer des créneaux libres pour tous les intervieweurs
recruit-free-found = Des créneaux libres pour tous les intervieweurs, aux heures ouvrées, ont été remplis.
recruit-free-none = Aucun créneau des deux prochaines semaines ne convient à tous les intervieweurs aux heures ouvrées.
error-interviewer-busy = Un intervieweur est occupé à cette heure : choisissez-en une autre, ou planifiez quand même.
recruit-draft-button = Rédiger l’annonce
recruit-draft-hint = Notez le poste dans la description (une ligne chacun, « - » pour une liste) : l’annonce est rédigée à partir de ces notes et des champs ci-dessus.
notice-recruit-drafted = Une proposition d’annonce est dans la description : relisez-la et adaptez-la avant d’enregistrer.
notice-recruit-drafted-fallback = L’assistant de rédaction n’a pas répondu : cette proposition vient du modèle de Portico. Relisez-la et adaptez-la avant d’enregistrer.
recruit-draft-intro = { $org } recrute : { $title } à { $location } ({ $contract }).
recruit-draft-role = Le poste
recruit-draft-salary = Rémunération : { $range }.
recruit-draft-apply = Ce poste vous ressemble ? Postulez en quelques minutes : nous lisons chaque candidature et répondons à chacune.
recruit-draft-email-invite =
    Bonjour { $name },

    Merci pour votre candidature au poste de { $job }. Nous aimerions vous rencontrer pour en parler : pourriez-vous nous indiquer vos disponibilités pour les prochains jours ?
recruit-draft-email-reject =
    Bonjour { $name },

    Merci pour votre candidature au poste de { $job } et pour le temps que vous nous avez consacré. Nous avons décidé de ne pas donner suite pour ce poste. Nous vous souhaitons pleine réussite dans vos recherches.
recruit-draft-email-follow_up =
    Bonjour { $name },

    Un mot sur votre candidature au poste de { $job } : elle est toujours à l’étude, et nous revenons vers vous dès que nous avons des nouvelles.
recruit-draft-email-closing = Bien cordialement,
recruit-draft-subject-invite = Votre candidature : { $job } — rencontrons-nous
recruit-draft-subject-reject = Votre candidature : { $job }
recruit-draft-subject-follow_up = Votre candidature : { $job } — où en sommes-nous
recruit-draft-purpose = Rédiger un e-mail pour
recruit-draft-purpose-invite = Inviter à un entretien
recruit-draft-purpose-reject = Décliner la candidature
recruit-draft-purpose-follow_up = Donner des nouvelles
recruit-draft-email-button = Rédiger
notice-recruit-email-drafted = Une proposition est dans le message, dans la langue du candidat : relisez-la et adaptez-la avant l’envoi.
