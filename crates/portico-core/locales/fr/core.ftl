# Portico — français

## Shell and navigation
nav-home = Accueil
nav-files = Fichiers
nav-tasks = Opérations
nav-workspace = Espace de travail
nav-units = Unités
nav-users = Utilisateurs
nav-tokens = Jetons d’API
nav-roles = Rôles
nav-fields = Champs personnalisés
nav-webhooks = Webhooks
nav-email = Journal des e-mails
nav-audit = Journal d’audit
search-submit = Rechercher
search-title = Recherche
search-nothing = Aucun résultat. Essayez avec moins de mots ou des mots plus courts.
search-kinds = Types de fiches
search-kind-all = Tout
search-tips = Astuces de recherche
search-tip-word = mot
search-tip-phrase = Ces mots, ensemble et dans cet ordre.
search-tip-without = Écarter ce qui contient ce mot.
search-tip-unit = Dans cette unité et celles qui en dépendent (son nom ou son identifiant).
search-tip-facets = Fichiers d’un type, plus grands qu’une taille en octets ; aussi company: pour les contacts et status: pour les personnes.
search-tip-dates = Créé un jour, un mois ou une année, ou entre deux dates (aussi updated: pour les contacts).
view-as-title = Voir en tant que rôle
view-as-intro = Prévisualisez l’espace exactement comme le voit une personne ayant ce rôle sur cette unité. Lecture seule.
view-as-start = Lancer l’aperçu

## Fields (labels, also used in error messages)
field-workspace = Nom de l’espace de travail
field-name = Nom
field-email = Adresse e-mail
field-password = Mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-locale = Langue
field-time-zone = Fuseau horaire
field-unit = Unité
field-unit-id = Unité
field-parent = Unité parente
field-parent-id = Unité parente
field-kind = Type
field-role = Rôle
field-role-id = Rôle
field-label = Libellé
field-key = Clé
field-options = Options
field-record-type = Type d’élément
field-field-type = Type de champ
field-required = Obligatoire
field-show-in-list = Afficher dans les listes
field-show-in-form = Afficher dans les formulaires
field-position = Position
field-events = Événements
field-url = URL
field-file = Fichier
field-content-type = Type
field-size = Taille
field-extraction-status = Lecture du texte
field-expires-at = Expire le
field-active = Actif
field-filename = Nom du fichier
field-scopes = Portée
field-permissions = Permissions
field-permission = Permission
field-status = Statut
field-slug = Adresse de l’espace
field-expires-in-hours = Valable (heures)
field-expires-in-days = Expire après (jours)
field-user-id = Utilisateur
password-hint = Au moins 10 caractères.

## Sign-in and account
setup-title = Créez votre espace de travail
setup-intro = C’est le premier démarrage de Portico. Nommez votre espace et créez le compte de son propriétaire.
setup-submit = Créer l’espace
login-title = Connexion
login-choose-workspace = Votre adresse a un compte dans plusieurs espaces de travail. Choisissez-en un et saisissez à nouveau votre mot de passe.
field-workspace-choice = Espace de travail
login-submit = Se connecter
forgot-link = Mot de passe oublié ?
forgot-title = Réinitialiser le mot de passe
forgot-submit = M’envoyer un lien
reset-title = Choisissez un nouveau mot de passe
reset-submit = Enregistrer le mot de passe
invite-title = Rejoignez votre équipe
invite-intro = Vous êtes invité·e à rejoindre { $workspace }. Choisissez votre nom et votre mot de passe pour commencer.
invite-submit = Créer mon compte
password-title = Mot de passe
password-change = Changer le mot de passe
password-other-sessions = Vos autres sessions seront déconnectées.
profile-title = Votre profil

## Dashboard and lists
dashboard-title = Vue d’ensemble
recent-activity = Activité récente
no-activity = Aucune activité pour l’instant.
see-audit = Voir tout le journal d’audit
count-users = { $count ->
    [one] { $formatted } utilisateur
   *[other] { $formatted } utilisateurs
}

## Tasks
tasks-empty = Aucune opération pour l’instant. Les travaux longs (imports, exports, réindexation) apparaissent ici avec leur progression.
reindex = Reconstruire l’index de recherche
task-status-queued = En attente
task-status-running = En cours
task-status-done = Terminée
task-status-failed = Échec

## Files
upload-title = Envoyer un fichier
upload-hint = PDF, Word (.docx), texte, CSV ou images, jusqu’à 25 Mo. Le type est vérifié d’après le contenu.
upload-submit = Envoyer
files-empty = Aucun fichier. Envoyez un CV, un contrat ou tout document pour le retrouver ensuite par son contenu.
extraction = Texte
extraction-pending = extraction en cours
extraction-done = extrait
extraction-failed = illisible
extraction-none = sans objet
extracted-text = Texte trouvé dans le fichier
guest-links = Liens invités
link-copy-now = Copiez ce lien maintenant ; il n’est affiché qu’une fois :
guest-intro = Quelqu’un a partagé ce fichier avec vous.
file-move-to = Déplacer vers l’unité

## Units
units-intro = Les unités sont les compartiments de votre espace : régions, franchises, agences, marques ou équipes. Chacun voit les éléments des unités qui lui sont attribuées, sous-unités comprises.
unit-new = Nouvelle unité
unit-create = Créer l’unité
unit-move-to = Déplacer sous
unit-move = Déplacer
unit-archive = Archiver l’unité
kind-placeholder = agence, marque, équipe…

## Users and roles
invite-new = Inviter quelqu’un
invite-send = Envoyer l’invitation
invite-link-once = Invitation créée ; son e-mail est en route (voir son état ci-dessous). Vous pouvez aussi transmettre ce lien (affiché une seule fois) :
pending-invitations = Invitations en attente
status-active = Actif
status-disabled = Désactivé
user-disable = Désactiver le compte
user-enable = Réactiver le compte
grants-title = Rôles et unités
grant-add = Attribuer le rôle
explain-title = Pourquoi cette personne voit-elle ceci ?
explain-submit = Expliquer
explain-allowed = Autorisé
explain-denied = Non autorisé
role-new = Nouveau rôle personnalisé
role-create = Créer le rôle
module-core = Espace de travail
module-recruit = Recrutement
module-desk = Support
module-partners = Partenaires
action-view = Voir
action-create = Créer
action-edit = Modifier
action-delete = Supprimer
action-export = Exporter
action-admin = Administrer
why-grants = Le rôle { $role } sur { $granted_on } comprend { $permission } et couvre { $unit }.
why-outside = Le rôle { $role } sur { $granted_on } comprend { $permission }, mais { $unit } est en dehors de { $granted_on }.
why-not-in-role = Le rôle { $role } sur { $granted_on } ne comprend pas { $permission }.
why-no-role = Cette personne n’a aucun rôle.
why-token-scope = Le jeton d’API n’autorise pas { $permission }.
why-preview = Un aperçu ne peut rien modifier.

## Settings
hub-units = L’arborescence des régions, franchises, agences ou équipes.
hub-users = Invitez des personnes et attribuez-leur des rôles sur des unités.
hub-roles = Rôles intégrés et personnalisés ; prévisualisez ce que voit un rôle.
hub-fields = Champs supplémentaires sur les unités, utilisateurs et fichiers.
hub-webhooks = Envoyez chaque modification à un autre système, signée.
hub-email = Ce que Portico a envoyé, et si c’est arrivé.
hub-audit = Qui a modifié quoi et quand ; exportable.
fields-empty = Aucun champ personnalisé.
field-new = Nouveau champ personnalisé
field-create = Ajouter le champ
options-hint = Pour les listes de choix : options séparées par des virgules.
webhooks-intro = Portico envoie un POST signé pour chaque modification suivie. Les envois échoués sont réessayés avec un délai croissant.
webhook-new = Nouveau webhook
webhook-create = Ajouter le webhook
events-hint = Noms d’événements séparés par des virgules, par exemple
events-hint-empty = Laissez vide pour tous les événements.
signing-secret = Secret de signature
signing-hint = Vérifiez X-Portico-Signature : t=horodatage,v1=HMAC-SHA256(secret, "horodatage.corps").
deliveries = Envois
deliveries-empty = Rien n’a encore été envoyé.
email-empty = Aucun e-mail envoyé pour l’instant.

## API tokens
tokens-intro = Les jetons personnels permettent à des scripts d’utiliser l’API en votre nom. Envoyez-les dans « Authorization: Bearer <jeton> ».
token-new = Nouveau jeton
token-create = Créer le jeton
token-copy-now = Copiez votre jeton maintenant ; il ne sera plus affiché :
limit-scopes = Limiter à certaines permissions (facultatif)

## Notices
notice-welcome = Bienvenue dans Portico !
notice-signed-out = Vous êtes déconnecté·e.
notice-saved = Enregistré.
notice-deleted = Supprimé.
notice-unit-created = Unité créée.
notice-unit-moved = Unité déplacée.
notice-unit-archived = Unité archivée.
notice-invited = Invitation créée.
notice-invitation-revoked = Invitation retirée.
notice-role-created = Rôle créé.
notice-field-created = Champ ajouté.
notice-webhook-created = Webhook ajouté.
notice-token-created = Jeton créé.
notice-token-revoked = Jeton révoqué.
notice-file-uploaded = Fichier envoyé.
notice-file-moved = Fichier déplacé.
notice-file-deleted = Fichier supprimé.
notice-link-created = Lien créé.
notice-link-revoked = Lien révoqué.
notice-profile-saved = Profil enregistré.
notice-password-changed-here = Mot de passe modifié. Vos autres sessions sont déconnectées.
notice-password-changed = Mot de passe modifié. Connectez-vous avec le nouveau.
notice-reset-sent = Si un compte utilise cette adresse, un lien de réinitialisation est en route.
notice-task-started = Lancé. Suivez la progression ci-dessous.
nav-data = Données
hub-data = Exporter l’espace, ou importer une archive en copie.
data-export-title = Exporter cet espace
data-export-intro = Une archive avec tous les enregistrements et fichiers de l’espace, à conserver ou à importer dans un autre Portico. Seuls les administrateurs peuvent la télécharger ; elle contient tout, conservez-la en lieu sûr.
data-export-start = Exporter maintenant
data-import-title = Importer une copie
data-import-intro = Importez une archive Portico comme nouvel espace à côté de celui-ci : un bac à sable pour essayer, ou un espace venu d’une autre installation. Les personnes gardent leur mot de passe ; les jetons et liens ne sont pas repris.
data-import-slug-hint = L’adresse du nouvel espace : lettres minuscules, chiffres et tirets.
data-import-start = Importer
notice-export-started = L’export a commencé. Il apparaît ci-dessous avec sa progression.
notice-import-started = L’archive a été vérifiée et son import a commencé.
record-kind-workspace = Espace
record-kind-unit = Unité
record-kind-role = Rôle
record-kind-user = Personne
record-kind-grant = Attribution de rôle
record-kind-api_token = Jeton d’API
record-kind-invitation = Invitation
record-kind-file = Fichier
record-kind-guest_link = Lien invité
record-kind-webhook = Webhook
record-kind-webhook_delivery = Envoi de webhook
record-kind-custom_field = Champ personnalisé
record-kind-task = Tâche
record-kind-email = E-mail
record-kind-audit_entry = Entrée du journal
users-empty = Personne ne correspond à ces filtres.
users-enable = Activer
users-disable = Désactiver
users-disable-confirm = Désactiver les personnes sélectionnées ? Elles sont déconnectées aussitôt et ne peuvent plus se connecter jusqu’à leur réactivation.
mime-pdf = PDF
mime-word = Document Word
mime-spreadsheet = Tableur
mime-text = Texte
mime-image = Image
mime-other = Autre
files-delete-confirm = Supprimer les fichiers sélectionnés ? Leurs liens invités cessent de fonctionner.
audit-verb-create = Création : { $kind }
audit-verb-update = Modification : { $kind }
audit-verb-delete = Suppression : { $kind }
audit-verb-revoke = Révocation : { $kind }
audit-verb-move = Déplacement : { $kind }
audit-verb-archive = Archivage : { $kind }
audit-verb-accept = Acceptation : { $kind }
audit-verb-upload = Dépôt : { $kind }
audit-verb-extract = Texte lu : { $kind }
audit-verb-merge = Fusion avec un doublon : { $kind }
audit-verb-other = Modification : { $kind }
audit-action-user-login = Connexion
audit-action-user-logout = Déconnexion
audit-action-user-lock = Compte bloqué après des échecs de connexion
audit-action-user-password-reset = Mot de passe réinitialisé
audit-action-invitation-accept = Invitation acceptée
actor-user = en personne
actor-api-token = avec un jeton d’API
actor-guest = par un lien invité
actor-system = Portico
audit-raw-export = Export brut (CSV)
yes = Oui
no = Non
email-status-pending = En attente
email-status-sent = Envoyé
email-status-failing = Pas encore remis
col-invitation-mail = Envoi
invitation-revoke-confirm = Retirer cette invitation ? Son lien cesse de fonctionner.
task-kind-search-reindex = Reconstruction de l’index de recherche
task-kind-archive-export = Export de l’espace
task-kind-archive-import = Import d’une copie
webhook-all-events = Tous les événements
webhook-deactivate-confirm = Désactiver les webhooks sélectionnés ? Les envois encore en attente sont annulés.
webhooks-empty = Aucun webhook : ajoutez-en un ci-dessous pour envoyer chaque changement à un autre système.
field-type-text = Texte
field-type-number = Nombre
field-type-date = Date
field-type-select = Choix
field-type-multi_select = Choix multiples
field-type-checkbox = Oui / non
field-type-url = Adresse web
user-disable-confirm = Désactiver cette personne ? Elle est déconnectée aussitôt et ne peut plus se connecter jusqu’à sa réactivation.
grant-remove-confirm = Retirer ce rôle ? La personne perd aussitôt ce qu’il permettait.
grant-admin-confirm = Ce rôle donne le contrôle total de l’espace : toutes les unités, personnes et réglages. Le donner ?
unit-move-confirm = Déplacer cette unité et tout ce qu’elle contient ? Les personnes ayant des rôles au-dessus peuvent gagner ou perdre des accès.
nav-contacts = Contacts
contacts-intro = Les personnes avec qui vous travaillez hors de l’équipe : clients, candidats, partenaires.
contacts-empty = Aucun contact ne correspond. Ajoutez le premier ci-dessous.
contact-new = Ajouter un contact
contact-create = Ajouter le contact
contact-delete-confirm = Supprimer ce contact et ses valeurs personnalisées ?
contacts-delete-confirm = Supprimer les contacts sélectionnés et leurs valeurs personnalisées ?
notice-contact-created = Contact ajouté.
notice-contact-deleted = Contact supprimé.
contact-erase = Effacer les données personnelles
contact-erase-confirm = Effacer le nom, l’adresse et le téléphone de cette personne ici et partout où Portico les garde (historique, e-mails, notifications) ? La fiche reste, sans plus dire de qui il s’agissait. C’est irréversible.
notice-contact-erased = Données personnelles effacées.
audit-verb-erase = Données personnelles de { $kind } effacées
field-phone = Téléphone
field-company = Société
col-updated = Modifié le
record-kind-contact = Contact
mail-failure-unreachable = Le serveur d’e-mail est injoignable : vérifiez les réglages SMTP. Portico réessaie.
mail-failure-auth = Le serveur d’e-mail a refusé l’identifiant ou le mot de passe de Portico : vérifiez les réglages SMTP.
mail-failure-rejected = Le serveur d’e-mail a refusé cette adresse.
mail-failure-tls = La connexion sécurisée au serveur d’e-mail a échoué : vérifiez son certificat et le réglage TLS.
mail-failure-other = Le serveur d’e-mail n’a pas accepté le message. Portico réessaie.
webhook-deactivate-one-confirm = Désactiver ce webhook ? Les envois encore en attente sont annulés.
delivery-status-pending = En attente
delivery-status-delivered = Livré
delivery-status-failed = Échec
delivery-status-cancelled = Annulé
user-erase = Effacer les données personnelles
user-erase-confirm = Effacer le nom et l’adresse de cette personne ici et partout où Portico les conserve (historique, e-mails, invitations) ? Ses sessions, jetons, notifications et rôles disparaissent aussi. Ce qu’elle a fait reste, sans dire qui elle était. C’est irréversible.
notice-user-erased = Données personnelles effacées.
error-conflict-for-status = Désactivez ce compte avant de l’effacer.
field-subject-type = Élément partagé

nav-import = Importer
hub-import = Arrivez d’un autre logiciel : offres, candidats et leurs CV, candidatures, depuis des fichiers CSV.
task-kind-imports-run = Import CSV
task-kind-imports-check = Essai d’import
import-upload-title = Envoyer les fichiers à importer
import-intro = Envoyez un CSV, ou un ZIP avec un CSV par feuille (nommé comme ci-dessous, par exemple candidates.csv) et les fichiers qu’ils citent (un dossier de CV). Les colonnes sont reconnues par leur nom ; vous vérifiez la correspondance et faites un essai avant que rien ne soit écrit.
import-what = Importer dans
import-sheet = Feuille
import-sheet-by-name = D’après le nom du fichier
import-sheet-hint = Pour un CSV seul dont le nom n’est pas celui de la feuille.
import-read = Lire le fichier
import-recent = Imports récents
import-mapping-title = Faire correspondre les colonnes
import-files-count = { $count ->
    [0] aucun autre fichier
    [one] un autre fichier (CV)
   *[other] { $formatted } autres fichiers (CV)
}
import-rows-count = { $count ->
    [0] aucune ligne
    [one] une ligne
   *[other] { $formatted } lignes
}
import-missing = Un champ obligatoire n’a pas encore de colonne : choisissez-la ci-dessous.
import-col-field = Champ
import-col-column = Colonne du fichier
import-col-example = Première ligne
import-not-imported = Non importé
import-check = Essai
import-now = Importer maintenant
import-anyway = Importer les lignes valides
import-change-mapping = Modifier la correspondance
import-rerun-hint = Les lignes dont l’identifiant externe a déjà été importé mettent à jour leur fiche : vous pouvez réimporter jusqu’à la bascule.
import-run-title = Import
import-check-title = Essai d’import
import-summary = Ce qu’il fait
import-check-clean = Toutes les lignes passent : rien n’a encore été écrit.
import-done-clean = Toutes les lignes ont été importées.
import-failed-count = { $count ->
    [one] Une ligne échoue : elle est listée ci-dessous avec sa raison.
   *[other] { $formatted } lignes échouent : elles sont listées ci-dessous avec leur raison.
}
import-created = Créées
import-updated = Mises à jour
import-would-create = À créer
import-would-update = À mettre à jour
import-unchanged = Inchangées
import-failed = En échec
import-failures = Lignes en échec
import-line = Ligne
import-reason = Raison
import-download-failed = Télécharger les lignes en échec
