# Portico — français

## Shell and navigation
skip-to-content = Aller au contenu
nav-settings = Paramètres
nav-label = Navigation principale
search-label = Rechercher
search-placeholder = Tout rechercher (Ctrl+K)
sign-out = Se déconnecter
language = Langue
back-to-form = Revenir au formulaire
back-home = Retour à l’accueil
view-as-active = Vous prévisualisez ce que voit un autre rôle. Rien ne peut être modifié dans ce mode.
view-as-exit = Arrêter l’aperçu

## Common words
save = Enregistrer
delete = Supprimer
remove = Retirer
copy = Copier
download = Télécharger
share = Créer un lien
revoke = Révoquer
revoked = Révoqué
active = Actif
inactive = Inactif
deactivate = Désactiver
actions = Actions
filter = Filtrer
next-page = Page suivante
export-csv = Exporter en CSV
builtin = intégré
confirm-delete = Supprimer définitivement ?
confirm-archive = Archiver cette unité ?
key = Clé
all-permissions = toutes les vôtres

## Columns
col-name = Nom
col-type = Type
col-size = Taille
col-time = Date
col-actor = Qui
col-action = Action
col-record = Élément
col-change = Modification
col-status = Statut
col-progress = Progression
col-task = Tâche
col-expires = Expire
col-last-used = Dernière utilisation
col-last-login = Dernière connexion
col-permissions = Permissions
col-scopes = Portée
col-subject = Objet
col-to = Destinataire
col-shown = Affichage
col-attempts = Tentatives
type-file = Fichier

## Fields (labels, also used in error messages)
field-limit = Taille de page
field-cursor = Curseur de page

## Dashboard and lists
count-results = { $count ->
    [one] { $formatted } résultat
   *[other] { $formatted } résultats
}

## Errors
error-with-field = { $field } : { $message }
error-not-found = Introuvable.
error-forbidden = Vous n’avez pas la permission de faire cela.
error-unauthenticated = Veuillez vous connecter.
error-invalid-credentials = Adresse e-mail ou mot de passe incorrect.
error-account-locked = Trop de tentatives échouées. Réessayez dans 15 minutes ou réinitialisez votre mot de passe.
error-rate-limited = Trop de requêtes. Patientez une minute puis réessayez.
error-looks-automated = Ce formulaire a été envoyé trop vite ou rempli par un programme. Patientez un instant et renvoyez-le.
error-csrf-failed = Votre formulaire a expiré. Rechargez la page et réessayez.
error-link-expired = Ce lien a expiré, a déjà servi ou a été révoqué.
error-required = Ce champ est obligatoire.
error-too-long = Cette valeur est trop longue.
error-too-short = Cette valeur est trop courte.
error-invalid-email = Cette adresse e-mail n’est pas valide.
error-invalid-value = Cette valeur n’est pas autorisée.
error-template-syntax = Ce modèle est illisible : vérifiez ses parties {"{{"} … {"}}"} et {"{%"} … {"%}"}.
error-unknown-placeholder = Ce modèle utilise une variable qui n’existe pas ici.
error-invalid-url = Cette adresse http(s) n’est pas valide.
error-invalid-number = Ce nombre n’est pas valide.
error-invalid-date = Cette date n’est pas valide (AAAA-MM-JJ).
error-invalid-credentials-for-current-password = Ce n’est pas votre mot de passe actuel.
error-too-short-for-password = Au moins 10 caractères.
error-too-short-for-new-password = Au moins 10 caractères.
error-already-exists-for-email = Quelqu’un de cet espace a déjà cette adresse.
error-already-exists = Cette valeur est déjà utilisée.
error-invitation-pending = Une invitation à cette adresse attend déjà d’être acceptée.
error-conflict = Impossible dans l’état actuel.
error-malformed-json = Le corps de la requête n’est pas du JSON valide.
error-bad-request = La requête est mal formée.
error-payload-too-large = L’envoi ou la requête est trop volumineux.
error-unsupported-media-type = Ce type de contenu n’est pas accepté.
error-bad-cursor = Le lien de page n’est pas valide.
error-method-not-allowed = Cette méthode n’est pas autorisée ici.
error-uri-too-long = L’adresse est trop longue.
error-internal = Une erreur s’est produite de notre côté. Elle a été enregistrée.
error-unavailable = Le service n’est pas prêt.
size-b = { $n } o
size-kb = { $n } Ko
size-mb = { $n } Mo
size-gb = { $n } Go
list-empty = Rien pour l’instant.
list-no-match = Rien ne correspond à cette recherche.
list-clear-filters = Effacer la recherche et les filtres
list-remove-filter = Retirer le filtre
list-columns = Colonnes
list-apply = Appliquer
list-first-page = Première page
list-select-all = Sélectionner toutes les lignes
list-select-row = Sélectionner cette ligne
list-selected = %n sélectionné(s)
palette-label = Palette de commandes
palette-placeholder = Rechercher ou aller à…
palette-results = Résultats
palette-keys = ↑ ↓ pour se déplacer · Entrée pour ouvrir · Échap pour fermer
palette-go-to = Aller à
palette-everything = Tout
palette-search-for = Tous les résultats pour « { $q } »
confirm-title = Confirmer ?
confirm-yes = Oui, continuer
cancel = Annuler
role-owner = Propriétaire
role-admin = Administrateur
role-manager = Responsable
role-member = Membre
filter-all = Tous
col-created = Créé le
pair = { $label } : { $value }
file-choose = Choisir un fichier
file-none = Aucun fichier choisi

# Sites publics
site-sections = Rubriques du site
site-back-home = Retour à l’accueil
