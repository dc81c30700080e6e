# Portico — français

## Shell and navigation
nav-home = Accueil
nav-files = Fichiers
nav-tasks = Tâches
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
tasks-empty = Aucune tâche pour l’instant. Les travaux longs (imports, exports, réindexation) apparaissent ici avec leur progression.
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
invite-link-once = Invitation envoyée. Vous pouvez aussi transmettre ce lien (affiché une seule fois) :
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
events-hint = Séparés par des virgules, par exemple unit.create. Laissez vide pour tous les événements.
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
notice-invited = Invitation envoyée.
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
