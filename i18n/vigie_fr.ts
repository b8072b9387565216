<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Accessibility2sfcaAlgorithm</name>
    <message>
        <source>Accessibility to capacity (2SFCA)</source>
        <translation>Accessibilité à une capacité (2SFCA)</translation>
    </message>
    <message>
        <source>Capacity per 1,000 people within a drive time, shared among everybody who can reach it.</source>
        <translation>Capacité pour 1 000 habitants à moins d'un temps de trajet en voiture, partagée entre tous ceux qui peuvent l'atteindre.</translation>
    </message>
    <message>
        <source>Supply (services)</source>
        <translation>Offre (services)</translation>
    </message>
    <message>
        <source>Points offering a capacity: crèches, doctors, hospitals…</source>
        <translation>Points qui offrent une capacité : crèches, médecins, hôpitaux…</translation>
    </message>
    <message>
        <source>Capacity field</source>
        <translation>Champ de capacité</translation>
    </message>
    <message>
        <source>Places, beds or doctors of each supply point (NULL counts as 0). Empty: each point counts 1.</source>
        <translation>Places, lits ou médecins de chaque point d'offre (NULL compte pour 0). Vide : chaque point compte pour 1.</translation>
    </message>
    <message>
        <source>Demand (population)</source>
        <translation>Demande (population)</translation>
    </message>
    <message>
        <source>Population points or cells (their centroid is used), e.g. the 200 m grid.</source>
        <translation>Points ou carreaux de population (leur centroïde est utilisé), par exemple le carroyage 200 m.</translation>
    </message>
    <message>
        <source>Demand field</source>
        <translation>Champ de demande</translation>
    </message>
    <message>
        <source>People of each demand feature, e.g. ind, or ind_0_3 for children under 4 (NULL counts as 0).</source>
        <translation>Nombre de personnes de chaque entité de demande, par exemple ind, ou ind_0_3 pour les enfants de moins de 4 ans (NULL compte pour 0).</translation>
    </message>
    <message>
        <source>Catchment (minutes)</source>
        <translation>Zone d'accès (minutes)</translation>
    </message>
    <message>
        <source>Drive time beyond which a supply point is out of reach (DREES&apos;s APL uses 20 minutes).</source>
        <translation>Temps de trajet en voiture au-delà duquel un point d'offre est hors d'atteinte (l'APL de la DREES retient 20 minutes).</translation>
    </message>
    <message>
        <source>Distance decay</source>
        <translation>Décroissance avec la distance</translation>
    </message>
    <message>
        <source>None (weight 1 within the catchment)</source>
        <translation>Aucune (poids 1 dans toute la zone d'accès)</translation>
    </message>
    <message>
        <source>Stepped, as DREES&apos;s APL (1, 2/3, 1/3)</source>
        <translation>Par paliers, comme l'APL de la DREES (1, 2/3, 1/3)</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>Gaussienne</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linéaire</translation>
    </message>
    <message>
        <source>Weight of a supply point by drive time. Stepped: 1 up to half the catchment, 2/3 up to three quarters, 1/3 up to the catchment (10/15/20 min for 20 min, as DREES&apos;s APL).</source>
        <translation>Poids d'un point d'offre selon le temps de trajet. Par paliers : 1 jusqu'à la moitié de la zone d'accès, 2/3 jusqu'aux trois quarts, 1/3 jusqu'à sa limite (10/15/20 min pour 20 min, comme l'APL de la DREES).</translation>
    </message>
    <message>
        <source>Accessibility index (demand)</source>
        <translation>Indice d'accessibilité (demande)</translation>
    </message>
    <message>
        <source>Supply ratio</source>
        <translation>Ratio de l'offre</translation>
    </message>
    <message>
        <source>The supply points with ratio (capacity per 1,000 weighted people in their catchment).</source>
        <translation>Les points d'offre avec ratio (capacité pour 1 000 habitants pondérés de leur zone d'accès).</translation>
    </message>
    <message>
        <source>{0}: the field {1} does not exist.</source>
        <translation>{0} : le champ {1} n'existe pas.</translation>
    </message>
    <message>
        <source>{0} supply points skipped: empty or invalid geometry.</source>
        <translation>{0} points d'offre ignorés : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>The supply layer has no usable point.</source>
        <translation>La couche d'offre n'a aucun point utilisable.</translation>
    </message>
    <message>
        <source>{0} demand features skipped: empty or invalid geometry.</source>
        <translation>{0} entités de demande ignorées : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>The demand layer has no usable feature.</source>
        <translation>La couche de demande n'a aucune entité utilisable.</translation>
    </message>
    <message>
        <source>Searching {0} supply points' catchments of {1} min over {2} demand features…</source>
        <translation>Recherche des zones d'accès de {1} min de {0} points d'offre parmi {2} entités de demande…</translation>
    </message>
    <message>
        <source>Two-step floating catchment area (2SFCA): for each supply point, ratio = capacity per 1,000 people weighted by the decay ({0}) within {1} min of drive; for each demand feature, access_index = sum of the weighted ratios of the supply points in reach (0 when none).</source>
        <translation>Méthode à deux étapes des aires flottantes (2SFCA) : pour chaque point d'offre, ratio = capacité pour 1 000 habitants pondérés par la décroissance ({0}) à moins de {1} min en voiture ; pour chaque entité de demande, access_index = somme des ratios pondérés des points d'offre accessibles (0 s'il n'y en a aucun).</translation>
    </message>
    <message>
        <source>Accessibility index (2SFCA)</source>
        <translation>Indice d'accessibilité (2SFCA)</translation>
    </message>
    <message>
        <source>Supply ratio (2SFCA)</source>
        <translation>Ratio de l'offre (2SFCA)</translation>
    </message>
    <message>
        <source>No capacity field: each supply point counts as 1.</source>
        <translation>Pas de champ de capacité : chaque point d'offre compte pour 1.</translation>
    </message>
    <message>
        <source>CAPACITY_FIELD {0} has no value on any supply point: there is no capacity to share. Choose another field, or leave it empty to count each supply point as 1.</source>
        <translation>CAPACITY_FIELD {0} n'a de valeur sur aucun point d'offre : il n'y a aucune capacité à partager. Choisissez un autre champ, ou laissez-le vide pour compter chaque point d'offre pour 1.</translation>
    </message>
    <message>
        <source>Every capacity is 0: every access index will be 0.</source>
        <translation>Toutes les capacités valent 0 : tous les indices d'accessibilité vaudront 0.</translation>
    </message>
    <message>
        <source>{0} of {1} people have no supply point within the catchment (access_index 0).</source>
        <translation>{0} personnes sur {1} n'ont aucun point d'offre dans leur zone d'accès (access_index 0).</translation>
    </message>
    <message>
        <source>{0} supply point(s) have no demand in their catchment (ratio NULL).</source>
        <translation>{0} point(s) d'offre n'ont aucune demande dans leur zone d'accès (ratio NULL).</translation>
    </message>
    <message>
        <source>Population-weighted mean access index: {0} per 1,000 people.</source>
        <translation>Indice d'accessibilité moyen pondéré par la population : {0} pour 1 000 habitants.</translation>
    </message>
    <message>
        <source>Age standardisation of demand</source>
        <translation>Standardisation de la demande par âge</translation>
    </message>
    <message>
        <source>None (each person counts 1)</source>
        <translation>Aucune (chaque personne compte 1)</translation>
    </message>
    <message>
        <source>DREES APL weights, edition {0}</source>
        <translation>Pondérations APL de la DREES, édition {0}</translation>
    </message>
    <message>
        <source>DREES: each person weighs the GP care of their age band (0.93 under 5 … 2.39 at 90+), computed from the age-class fields of DEMAND (ind_0_3 … ind_80p of the Filosofi grid); DEMAND_FIELD is then not used.</source>
        <translation>DREES : chaque personne pèse la consommation de soins de généraliste de sa tranche d'âge (0,93 avant 5 ans … 2,39 à 90 ans et plus), calculée à partir des champs de classes d'âge de DEMAND (ind_0_3 … ind_80p du carroyage Filosofi) ; DEMAND_FIELD n'est alors pas utilisé.</translation>
    </message>
    <message>
        <source>Under-served below (capacity per person, 0 = no flag)</source>
        <translation>Sous-dense en dessous de (capacité par personne, 0 = pas d'indicateur)</translation>
    </message>
    <message>
        <source>sous_dense = 1 where per_person is below this value. DREES: 2.5 consultations per year per inhabitant, with capacities in consultations per year.</source>
        <translation>sous_dense = 1 là où per_person est inférieur à cette valeur. DREES : 2,5 consultations par an et par habitant, avec des capacités en consultations par an.</translation>
    </message>
    <message>
        <source>The demand features with access_index (capacity per 1,000 people), supply_in_reach, per_person (capacity per person) and sous_dense.</source>
        <translation>Les entités de demande avec access_index (capacité pour 1 000 habitants), supply_in_reach, per_person (capacité par personne) et sous_dense.</translation>
    </message>
    <message>
        <source>{0} of {1} people live where the index is below {2} per person (sous_dense).</source>
        <translation>{0} des {1} habitants vivent là où l'indice est inférieur à {2} par personne (sous_dense).</translation>
    </message>
    <message>
        <source>AGE_WEIGHTS: DEMAND has no age-class field (ind_0_3 … ind_80p of the Filosofi grid). Give the population grid with its age classes, or choose no age standardisation.</source>
        <translation>AGE_WEIGHTS : DEMAND n'a aucun champ de classe d'âge (ind_0_3 … ind_80p du carroyage Filosofi). Donnez le carroyage de population avec ses classes d'âge, ou choisissez de ne pas standardiser par âge.</translation>
    </message>
    <message>
        <source>Age-standardised demand (DREES {0}): {1}.</source>
        <translation>Demande standardisée par âge (DREES {0}) : {1}.</translation>
    </message>
</context>
<context>
    <name>AreaSplitting</name>
    <message>
        <source>{0} area(s) without geometry are left out.</source>
        <translation>{0} territoire(s) sans géométrie sont écartés.</translation>
    </message>
    <message>
        <source>AREAS has no polygon to aggregate into.</source>
        <translation>AREAS n'a aucun polygone d'agrégation.</translation>
    </message>
    <message>
        <source>No population feature lies inside AREAS: check that both layers cover the same territory (the layers are compared in {0}).</source>
        <translation>Aucune entité de population n'est située dans AREAS : vérifiez que les deux couches couvrent le même territoire (elles sont comparées en {0}).</translation>
    </message>
    <message>
        <source>{0} people lie outside every area and are not counted in any row, nor in the total.</source>
        <translation>{0} personnes sont hors de tout territoire et ne sont comptées dans aucune ligne, ni dans le total.</translation>
    </message>
</context>
<context>
    <name>AtlasLayoutAlgorithm</name>
    <message>
        <source>Atlas: one page per area (PDF)</source>
        <translation>Atlas : une page par territoire (PDF)</translation>
    </message>
    <message>
        <source>Areas (one page each)</source>
        <translation>Territoires (une page chacun)</translation>
    </message>
    <message>
        <source>Communes, EPCI… one page per feature, the map zoomed on it and its outline highlighted. The polygon output of vigie:coverage works directly: its own figures are printed.</source>
        <translation>Communes, EPCI… une page par entité, la carte centrée sur elle et son contour mis en évidence. La sortie polygonale de vigie:coverage convient directement : ses propres chiffres sont imprimés.</translation>
    </message>
    <message>
        <source>Area name field</source>
        <translation>Champ du nom du territoire</translation>
    </message>
    <message>
        <source>Name printed in each page's title (default: nom, name, libelle… when present).</source>
        <translation>Nom imprimé dans le titre de chaque page (par défaut : nom, name, libelle… s'il existe).</translation>
    </message>
    <message>
        <source>Area code field</source>
        <translation>Champ du code du territoire</translation>
    </message>
    <message>
        <source>Code joining an area to its row of the coverage table (default: code, insee, codgeo…).</source>
        <translation>Code qui relie un territoire à sa ligne de la table de couverture (par défaut : code, insee, codgeo…).</translation>
    </message>
    <message>
        <source>Layers to map</source>
        <translation>Couches à cartographier</translation>
    </message>
    <message>
        <source>Layers drawn on every page with their current style; the legend lists them.</source>
        <translation>Couches dessinées sur chaque page avec leur style actuel ; la légende les liste.</translation>
    </message>
    <message>
        <source>Coverage table</source>
        <translation>Table de couverture</translation>
    </message>
    <message>
        <source>Output of vigie:coverage (pop_total, pop_le_&lt;T&gt;, share_le_&lt;T&gt; per area): each page prints its area&apos;s population within each threshold.</source>
        <translation>Sortie de vigie:coverage (pop_total, pop_le_&lt;T&gt;, share_le_&lt;T&gt; par territoire) : chaque page imprime la population de son territoire sous chaque seuil.</translation>
    </message>
    <message>
        <source>Area code field of the coverage table</source>
        <translation>Champ du code du territoire dans la table de couverture</translation>
    </message>
    <message>
        <source>Default: the field named like the area code field, else area_id.</source>
        <translation>Par défaut : le champ qui porte le même nom que le champ du code du territoire, sinon area_id.</translation>
    </message>
    <message>
        <source>Printed before each area&apos;s name, e.g. &quot;Access to hospitals&quot;.</source>
        <translation>Imprimé avant le nom de chaque territoire, par exemple « Accès aux hôpitaux ».</translation>
    </message>
    <message>
        <source>Second line under the title on every page.</source>
        <translation>Seconde ligne sous le titre, sur chaque page.</translation>
    </message>
    <message>
        <source>Paper size and orientation of the pages.</source>
        <translation>Format et orientation du papier des pages.</translation>
    </message>
    <message>
        <source>One source per line. Leave empty to print those recorded in the layers&apos; metadata.</source>
        <translation>Une source par ligne. Laissez vide pour imprimer celles enregistrées dans les métadonnées des couches.</translation>
    </message>
    <message>
        <source>Who made the maps. Leave empty to use the organisation set in the Vigie settings.</source>
        <translation>Auteur des cartes. Laissez vide pour reprendre l'organisme indiqué dans les paramètres de Vigie.</translation>
    </message>
    <message>
        <source>Image printed at the top right of every page.</source>
        <translation>Image imprimée en haut à droite de chaque page.</translation>
    </message>
    <message>
        <source>Resolution of raster layers in the PDF.</source>
        <translation>Résolution des couches raster dans le PDF.</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>Fichier PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>All pages in one PDF, sorted by area name.</source>
        <translation>Toutes les pages dans un seul PDF, triées par nom de territoire.</translation>
    </message>
    <message>
        <source>No layer to map: give at least one layer in LAYERS.</source>
        <translation>Aucune couche à cartographier : indiquez au moins une couche dans LAYERS.</translation>
    </message>
    <message>
        <source>AREAS has no feature: there is no page to make.</source>
        <translation>AREAS n'a aucune entité : il n'y a aucune page à produire.</translation>
    </message>
    <message>
        <source>Writing {0} pages to {1}</source>
        <translation>Écriture de {0} pages dans {1}</translation>
    </message>
    <message>
        <source>COVERAGE does not look like a vigie:coverage table (no pop_total and pop_le_&lt;minutes&gt; fields): run vigie:coverage first, or leave COVERAGE empty.</source>
        <translation>COVERAGE ne ressemble pas à une table vigie:coverage (pas de champs pop_total et pop_le_&lt;minutes&gt;) : lancez d'abord vigie:coverage, ou laissez COVERAGE vide.</translation>
    </message>
    <message>
        <source>Give CODE_FIELD: the field of AREAS that joins each area to its row of COVERAGE.</source>
        <translation>Indiquez CODE_FIELD : le champ de AREAS qui relie chaque territoire à sa ligne de COVERAGE.</translation>
    </message>
    <message>
        <source>Give COVERAGE_FIELD: the field of COVERAGE holding the area codes of CODE_FIELD.</source>
        <translation>Indiquez COVERAGE_FIELD : le champ de COVERAGE qui contient les codes de territoire de CODE_FIELD.</translation>
    </message>
    <message>
        <source>{0} area(s) have no row in COVERAGE ({1} = {2}): their pages show no key figures.</source>
        <translation>{0} territoire(s) n'ont aucune ligne dans COVERAGE ({1} = {2}) : leurs pages n'affichent pas de chiffres clés.</translation>
    </message>
    <message>
        <source>AREAS must be a polygon layer (communes, EPCI…): each polygon makes one page.</source>
        <translation>AREAS doit être une couche de polygones (communes, EPCI…) : chaque polygone fait l'objet d'une page.</translation>
    </message>
</context>
<context>
    <name>BestLocationAlgorithm</name>
    <message>
        <source>Best location for new services</source>
        <translation>Meilleur emplacement pour de nouveaux services</translation>
    </message>
    <message>
        <source>Choose N sites among candidates: most people within T minutes, or the shortest mean time.</source>
        <translation>Choisir N sites parmi des candidats : le plus d'habitants à moins de T minutes, ou le temps moyen le plus court.</translation>
    </message>
    <message>
        <source>Existing services</source>
        <translation>Services existants</translation>
    </message>
    <message>
        <source>Services already there: only what the new sites add to them counts. None when empty.</source>
        <translation>Services déjà présents : seul ce que les nouveaux sites y ajoutent compte. Aucun si vide.</translation>
    </message>
    <message>
        <source>Candidate sites</source>
        <translation>Sites candidats</translation>
    </message>
    <message>
        <source>Where a service could go: commune centres, available buildings… (polygons: their centroid).</source>
        <translation>Où un service pourrait s'installer : centres des communes, bâtiments disponibles… (polygones : leur centroïde).</translation>
    </message>
    <message>
        <source>Candidate identifier field</source>
        <translation>Champ identifiant des candidats</translation>
    </message>
    <message>
        <source>Copied into site_id in the origins output; the feature id when empty.</source>
        <translation>Copié dans site_id de la couche des origines ; l'identifiant de l'entité si vide.</translation>
    </message>
    <message>
        <source>Number of new sites (N)</source>
        <translation>Nombre de nouveaux sites (N)</translation>
    </message>
    <message>
        <source>How many candidates to choose.</source>
        <translation>Combien de candidats choisir.</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <source>Maximise the population within T minutes (maximal covering)</source>
        <translation>Maximiser la population à moins de T minutes (couverture maximale)</translation>
    </message>
    <message>
        <source>Minimise the mean travel time (p-median)</source>
        <translation>Minimiser le temps de trajet moyen (p-médian)</translation>
    </message>
    <message>
        <source>Covering counts the people within T minutes of a service; p-median lowers the population-weighted mean time, a time beyond T counting as T.</source>
        <translation>La couverture compte les habitants à moins de T minutes d'un service ; le p-médian réduit le temps moyen pondéré par la population, un temps au-delà de T comptant pour T.</translation>
    </message>
    <message>
        <source>Time T (minutes)</source>
        <translation>Temps T (minutes)</translation>
    </message>
    <message>
        <source>The covering radius, or the cap of the times for the p-median. Searches stop there.</source>
        <translation>Le rayon de couverture, ou le plafond des temps pour le p-médian. Les recherches s'arrêtent là.</translation>
    </message>
    <message>
        <source>Chosen sites</source>
        <translation>Sites choisis</translation>
    </message>
    <message>
        <source>The chosen candidates in order (rank), with pop_gained and the objective reached after each.</source>
        <translation>Les candidats choisis dans l'ordre (rank), avec pop_gained et l'objectif atteint après chacun.</translation>
    </message>
    <message>
        <source>Origins with the new sites</source>
        <translation>Origines avec les nouveaux sites</translation>
    </message>
    <message>
        <source>The origins with time_existing, time_after (minutes) and site_id, the new site serving them.</source>
        <translation>Les origines avec time_existing, time_after (minutes) et site_id, le nouveau site qui les dessert.</translation>
    </message>
    <message>
        <source>CANDIDATES has no usable point: give the sites where a service could go.</source>
        <translation>CANDIDATES n'a aucun point utilisable : donnez les sites où un service pourrait s'installer.</translation>
    </message>
    <message>
        <source>COUNT is {0} but there are only {1} candidates: choose at most {1} sites.</source>
        <translation>COUNT vaut {0} mais il n'y a que {1} candidats : choisissez au plus {1} sites.</translation>
    </message>
    <message>
        <source>Travel times from {0} origins to {1} candidates, up to {2} min…</source>
        <translation>Temps de trajet de {0} origines vers {1} candidats, jusqu'à {2} min…</translation>
    </message>
    <message>
        <source>{0} new sites chosen among {1} candidates ({2}, T = {3} min) by a greedy choice improved by 1-exchange swaps, on the road graph (speed profile {4}): fixed speeds, no congestion. A heuristic: see the help for its measured gap to the optimum.</source>
        <translation>{0} nouveaux sites choisis parmi {1} candidats ({2}, T = {3} min) par un choix glouton amélioré par échanges, sur le graphe routier (profil de vitesse {4}) : vitesses fixes, sans congestion. Une heuristique : voir l'aide pour son écart mesuré à l'optimum.</translation>
    </message>
    <message>
        <source>Objective before: {0}; with the new sites: {1}.</source>
        <translation>Objectif avant : {0} ; avec les nouveaux sites : {1}.</translation>
    </message>
    <message>
        <source>Exact optimum (every combination tried): {0}; the choice is {1} from it.</source>
        <translation>Optimum exact (toutes les combinaisons essayées) : {0} ; écart du choix : {1}.</translation>
    </message>
    <message>
        <source>at the optimum</source>
        <translation>aucun, il est optimal</translation>
    </message>
    <message>
        <source>{0} people within T ({1} %)</source>
        <translation>{0} habitants à moins de T ({1} %)</translation>
    </message>
    <message>
        <source>mean time {0} min</source>
        <translation>temps moyen {0} min</translation>
    </message>
</context>
<context>
    <name>CompareDiagnosticsAlgorithm</name>
    <message>
        <source>Compare two diagnostics (before / after)</source>
        <translation>Comparer deux diagnostics (avant / après)</translation>
    </message>
    <message>
        <source>Change of each indicator per origin or per area between two results of the same diagnostic.</source>
        <translation>Variation de chaque indicateur par origine ou par zone entre deux résultats du même diagnostic.</translation>
    </message>
    <message>
        <source>Earlier result</source>
        <translation>Résultat antérieur</translation>
    </message>
    <message>
        <source>An output of a Vigie algorithm for the earlier state: travel times per cell, coverage per commune…</source>
        <translation>Une sortie d'un algorithme Vigie pour l'état antérieur : temps de trajet par carreau, couverture par commune…</translation>
    </message>
    <message>
        <source>Later result</source>
        <translation>Résultat postérieur</translation>
    </message>
    <message>
        <source>The output of the same algorithm for the later state (another BPE edition, population, road…).</source>
        <translation>La sortie du même algorithme pour l'état postérieur (autre édition de la BPE, population, route…).</translation>
    </message>
    <message>
        <source>Identifier field</source>
        <translation>Champ identifiant</translation>
    </message>
    <message>
        <source>Field naming the same cell or area in both results. Empty: the first of idcar_200m, area_id, code, id found in both.</source>
        <translation>Champ qui désigne le même carreau ou la même zone dans les deux résultats. Vide : le premier de idcar_200m, area_id, code, id présent dans les deux.</translation>
    </message>
    <message>
        <source>Indicators to compare</source>
        <translation>Indicateurs à comparer</translation>
    </message>
    <message>
        <source>Numeric fields present in both results. Empty: every numeric field found in both.</source>
        <translation>Champs numériques présents dans les deux résultats. Vide : tous les champs numériques communs.</translation>
    </message>
    <message>
        <source>Weight field for the summary</source>
        <translation>Champ de pondération du résumé</translation>
    </message>
    <message>
        <source>E.g. ind: the log then gives population-weighted means of each indicator before and after.</source>
        <translation>Par exemple ind : le journal donne alors les moyennes de chaque indicateur avant et après, pondérées par la population.</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparaison</translation>
    </message>
    <message>
        <source>One row per cell or area with &lt;indicator&gt;_before, _after, _delta (after - before) and status.</source>
        <translation>Une ligne par carreau ou zone avec &lt;indicateur&gt;_before, _after, _delta (après - avant) et status.</translation>
    </message>
    <message>
        <source>KEY_FIELD {0} does not name each feature once: {1}. Choose an identifier field.</source>
        <translation>KEY_FIELD {0} ne désigne pas chaque entité une seule fois : {1}. Choisissez un champ identifiant.</translation>
    </message>
    <message>
        <source>Change between two diagnostics</source>
        <translation>Évolution entre deux diagnostics</translation>
    </message>
    <message>
        <source>Each indicator before (from {0}) and after (from {1}), matched on {2}; &lt;indicator&gt;_delta = after - before; status both, before_only or after_only.</source>
        <translation>Chaque indicateur avant (d'après {0}) et après (d'après {1}), appariés sur {2} ; &lt;indicateur&gt;_delta = après - avant ; status both, before_only ou after_only.</translation>
    </message>
    <message>
        <source>KEY_FIELD {0} is not a field of BEFORE: both results need the same identifier.</source>
        <translation>KEY_FIELD {0} n'est pas un champ de BEFORE : les deux résultats doivent avoir le même identifiant.</translation>
    </message>
    <message>
        <source>KEY_FIELD is empty and neither result has one of {0}: choose the identifier field.</source>
        <translation>KEY_FIELD est vide et les résultats n'ont pas tous deux l'un de {0} : choisissez le champ identifiant.</translation>
    </message>
    <message>
        <source>FIELDS: {0} not in BEFORE; compare fields present in both results.</source>
        <translation>FIELDS : {0} absent de BEFORE ; comparez des champs présents dans les deux résultats.</translation>
    </message>
    <message>
        <source>FIELDS: the two results share no numeric field: are they outputs of the same algorithm?</source>
        <translation>FIELDS : les deux résultats n'ont aucun champ numérique commun : sont-ils des sorties du même algorithme ?</translation>
    </message>
    <message>
        <source>{0} features in both results, {1} only before, {2} only after.</source>
        <translation>{0} entités dans les deux résultats, {1} seulement avant, {2} seulement après.</translation>
    </message>
    <message>
        <source>{0}: mean {1} before, {2} after, change {3}.</source>
        <translation>{0} : moyenne {1} avant, {2} après, variation {3}.</translation>
    </message>
</context>
<context>
    <name>CoverageAlgorithm</name>
    <message>
        <source>Population coverage within N minutes</source>
        <translation>Couverture de la population à moins de N minutes</translation>
    </message>
    <message>
        <source>Population (points or polygons) with a travel time</source>
        <translation>Population (points ou polygones) avec un temps de trajet</translation>
    </message>
    <message>
        <source>Population features (e.g. 200 m cells) carrying a travel time, such as the output of road travel time.</source>
        <translation>Entités de population (par exemple carreaux de 200 m) portant un temps de trajet, comme la sortie du temps de trajet routier.</translation>
    </message>
    <message>
        <source>Population field</source>
        <translation>Champ de population</translation>
    </message>
    <message>
        <source>Number of people of each feature (NULL counts as 0; text and negative values are refused).</source>
        <translation>Nombre de personnes de chaque entité (NULL compte pour 0 ; le texte et les valeurs négatives sont refusés).</translation>
    </message>
    <message>
        <source>Travel time field (minutes)</source>
        <translation>Champ du temps de trajet (minutes)</translation>
    </message>
    <message>
        <source>Travel time in minutes; NULL means no service reached.</source>
        <translation>Temps de trajet en minutes ; NULL signifie qu'aucun service n'est atteint.</translation>
    </message>
    <message>
        <source>Areas (communes, EPCI…)</source>
        <translation>Territoires (communes, EPCI…)</translation>
    </message>
    <message>
        <source>Polygons to aggregate into; a feature straddling a boundary is split by area.</source>
        <translation>Polygones d'agrégation ; une entité à cheval sur une limite est répartie entre les territoires.</translation>
    </message>
    <message>
        <source>Area code field of the population</source>
        <translation>Champ du code du territoire dans la population</translation>
    </message>
    <message>
        <source>A code already on the population features (e.g. the commune code). With AREAS, the areas are joined by a field of the same name instead of by location.</source>
        <translation>Un code déjà présent sur les entités de population (par exemple le code commune). Avec AREAS, les territoires sont joints par un champ du même nom plutôt que par localisation.</translation>
    </message>
    <message>
        <source>Thresholds (minutes)</source>
        <translation>Seuils (minutes)</translation>
    </message>
    <message>
        <source>Strictly increasing minutes, separated by commas.</source>
        <translation>Minutes strictement croissantes, séparées par des virgules.</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Couverture</translation>
    </message>
    <message>
        <source>The population layer has no feature.</source>
        <translation>La couche de population n'a aucune entité.</translation>
    </message>
    <message>
        <source>AREA_FIELD {0} is empty on every population feature: no area to aggregate into.</source>
        <translation>AREA_FIELD {0} est vide sur toutes les entités de population : aucun territoire d'agrégation.</translation>
    </message>
    <message>
        <source>No population feature has a travel time: everybody counts as not reached.</source>
        <translation>Aucune entité de population n'a de temps de trajet : tout le monde compte comme non desservi.</translation>
    </message>
    <message>
        <source>AREAS has no field named {0}: with both AREAS and AREA_FIELD, the areas are joined by that field. Leave AREA_FIELD empty to split by location instead.</source>
        <translation>AREAS n'a pas de champ nommé {0} : avec AREAS et AREA_FIELD, les territoires sont joints par ce champ. Laissez AREA_FIELD vide pour répartir par localisation.</translation>
    </message>
    <message>
        <source>{0} code(s) of AREA_FIELD match no area (for example {1}).</source>
        <translation>{0} code(s) de AREA_FIELD ne correspondent à aucun territoire (par exemple {1}).</translation>
    </message>
    <message>
        <source>No code of AREA_FIELD {0} matches a feature of AREAS.</source>
        <translation>Aucun code de AREA_FIELD {0} ne correspond à une entité de AREAS.</translation>
    </message>
    <message>
        <source>Whole territory: {0} % of {1} people within {2} min.</source>
        <translation>Territoire entier : {0} % des {1} habitants à moins de {2} min.</translation>
    </message>
    <message>
        <source>Population coverage</source>
        <translation>Couverture de la population</translation>
    </message>
    <message>
        <source>Population within each travel-time threshold per area, and for the whole territory (row TOTAL). Features straddling an area boundary are split in proportion to their area.</source>
        <translation>Population sous chaque seuil de temps de trajet, par territoire et pour le territoire entier (ligne TOTAL). Les entités à cheval sur une limite sont réparties au prorata de leur surface.</translation>
    </message>
    <message>
        <source>Official indicator (preset)</source>
        <translation>Indicateur officiel (préréglage)</translation>
    </message>
    <message>
        <source>None: the thresholds above</source>
        <translation>Aucun : les seuils ci-dessus</translation>
    </message>
    <message>
        <source>An access indicator French public action is judged by: its threshold replaces THRESHOLDS and its definition and source go into the output&apos;s metadata (France services 30 min, emergency care 30 min, maternity 45 min, GP 20 min, BPE ranges). Give the times to the services it names.</source>
        <translation>Un indicateur d'accès à l'aune duquel l'action publique est jugée : son seuil remplace THRESHOLDS, sa définition et sa source vont dans les métadonnées de la sortie (France services 30 min, soins urgents 30 min, maternité 45 min, médecin généraliste 20 min, gammes BPE). Donnez les temps vers les services qu'il désigne.</translation>
    </message>
    <message>
        <source>Preset {0}: threshold(s) {1} min; services: {2} Source: {3}.</source>
        <translation>Préréglage {0} : seuil(s) {1} min ; services : {2} Source : {3}.</translation>
    </message>
    <message>
        <source>PRESET {0} does not exist: choose 0 (none) to {1}.</source>
        <translation>PRESET {0} n'existe pas : choisissez de 0 (aucun) à {1}.</translation>
    </message>
    <message>
        <source>Official indicator: {0} ({1}); services: {2} Source: {3}.</source>
        <translation>Indicateur officiel : {1} ({0}) ; services : {2} Source : {3}.</translation>
    </message>
</context>
<context>
    <name>FetchAlgorithm</name>
    <message>
        <source>Territory codes</source>
        <translation>Codes du territoire</translation>
    </message>
    <message>
        <source>One or more codes, comma-separated: communes (5 characters, e.g. 05061), EPCI (9-digit SIREN, e.g. 200067452) or départements (05, 2A, 974).</source>
        <translation>Un ou plusieurs codes, séparés par des virgules : communes (5 caractères, par exemple 05061), EPCI (SIREN à 9 chiffres, par exemple 200067452) ou départements (05, 2A, 974).</translation>
    </message>
    <message>
        <source>Territory layer (instead of codes)</source>
        <translation>Couche du territoire (au lieu des codes)</translation>
    </message>
    <message>
        <source>A polygon layer of the territory. Commune codes are read from a field named code, insee_com or codgeo when there is one; the outputs are clipped to its polygons.</source>
        <translation>Une couche de polygones du territoire. Les codes communes sont lus dans un champ nommé code, insee_com ou codgeo s'il existe ; les sorties sont découpées selon ses polygones.</translation>
    </message>
    <message>
        <source>Service root URL</source>
        <translation>URL racine du service</translation>
    </message>
    <message>
        <source>Root URL of the service; change it to use a mirror, a proxy or a local test server.</source>
        <translation>URL racine du service ; modifiez-la pour passer par un miroir, un proxy ou un serveur de test local.</translation>
    </message>
    <message>
        <source>geo.api.gouv.fr root URL</source>
        <translation>URL racine de geo.api.gouv.fr</translation>
    </message>
    <message>
        <source>Ignore the cache</source>
        <translation>Ignorer le cache</translation>
    </message>
    <message>
        <source>Download again even when a recent copy is in Vigie&apos;s cache folder.</source>
        <translation>Télécharger à nouveau même si une copie récente se trouve dans le dossier de cache de Vigie.</translation>
    </message>
    <message>
        <source>{0} must be an http(s) URL, got &apos;{1}&apos;.</source>
        <translation>{0} doit être une URL http(s), et non « {1} ».</translation>
    </message>
    <message>
        <source>TERRITORY: {0}</source>
        <translation>TERRITORY : {0}</translation>
    </message>
    <message>
        <source>Give the territory: commune, EPCI or département codes in TERRITORY, or a TERRITORY_LAYER.</source>
        <translation>Indiquez le territoire : codes de communes, d'EPCI ou de départements dans TERRITORY, ou une couche TERRITORY_LAYER.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>Annulé : rien n'a été écrit.</translation>
    </message>
    <message>
        <source>Access refused: {0}</source>
        <translation>Accès refusé : {0}</translation>
    </message>
    <message>
        <source>Not found: {0}</source>
        <translation>Introuvable : {0}</translation>
    </message>
    <message>
        <source>Rate limited: {0}</source>
        <translation>Trop de requêtes : {0}</translation>
    </message>
    <message>
        <source>Service unavailable: {0}</source>
        <translation>Service indisponible : {0}</translation>
    </message>
    <message>
        <source>Unexpected answer: {0}</source>
        <translation>Réponse inattendue : {0}</translation>
    </message>
    <message>
        <source>Request rejected: {0}</source>
        <translation>Requête rejetée : {0}</translation>
    </message>
    <message>
        <source>The territory has no geometry to work with.</source>
        <translation>Le territoire n'a aucune géométrie exploitable.</translation>
    </message>
    <message>
        <source>Could not write a feature to {0}.</source>
        <translation>Impossible d'écrire une entité dans {0}.</translation>
    </message>
    <message>
        <source>Downloading (once, then cached) {0}</source>
        <translation>Téléchargement (une fois, puis mis en cache) de {0}</translation>
    </message>
    <message>
        <source>No CSV file in {0}.</source>
        <translation>Aucun fichier CSV dans {0}.</translation>
    </message>
    <message>
        <source>Local BPE file (CSV or zip)</source>
        <translation>Fichier BPE local (CSV ou zip)</translation>
    </message>
    <message>
        <source>Use an already downloaded geolocated BPE file instead of downloading it.</source>
        <translation>Utiliser un fichier de BPE géolocalisée déjà téléchargé au lieu de le télécharger.</translation>
    </message>
    <message>
        <source>Incomplete answer, nothing was written: {0}</source>
        <translation>Réponse incomplète, rien n'a été écrit : {0}</translation>
    </message>
    <message>
        <source>RANGE_TABLE: {0}.</source>
        <translation>RANGE_TABLE : {0}.</translation>
    </message>
    <message>
        <source>RANGE_TABLE: {0} puts no equipment type in a range.</source>
        <translation>RANGE_TABLE : {0} ne place aucun type d'équipement dans une gamme.</translation>
    </message>
    <message>
        <source>{0} holds a 7z archive and nothing on this computer can open it (GDAL 3.7 or later, the py7zr module or the 7z program). Extract it with 7-Zip (or 'apt install p7zip-full' then '7z x'), then give the CSV of your territory (carreaux_200m_met.csv for metropolitan France, _mart for Martinique, _reun for La Réunion) in {1}.</source>
        <translation>{0} contient une archive 7z et rien sur cet ordinateur ne sait l'ouvrir (GDAL 3.7 ou plus, le module py7zr ou le programme 7z). Extrayez-la avec 7-Zip (ou 'apt install p7zip-full' puis '7z x'), puis donnez le CSV de votre territoire (carreaux_200m_met.csv pour la France métropolitaine, _mart pour la Martinique, _reun pour La Réunion) dans {1}.</translation>
    </message>
    <message>
        <source>INSEE table of BPE ranges (xlsx or CSV, optional)</source>
        <translation>Table Insee des gammes de la BPE (xlsx ou CSV, facultatif)</translation>
    </message>
    <message>
        <source>INSEE&apos;s table of ranges (*.xlsx *.csv)</source>
        <translation>Table Insee des gammes (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>INSEE&apos;s table of the BPE {0} ranges: {1}</source>
        <translation>Table Insee des gammes de la BPE {0} : {1}</translation>
    </message>
    <message>
        <source>INSEE's 'gammes d'équipements' table of the BPE edition, as downloaded from insee.fr (BPE_gammes_equipements_&lt;year&gt;.xlsx) or saved as CSV: a TYPEQU (or 'code équipement') column and a gamme column ('Gamme de proximité', 'intermédiaire', 'supérieure'); its groups (a school and its RPI classes, the kinds of post office) count as one service. The tables shipped with Vigie hold no ranges, because INSEE's lists could not be read when they were written (offline): give this table to ask for the ranges proximite, intermediaire or superieure by name. A territory kit keeps the table it was fetched with: a basket by range on the kit's services needs none.</source>
        <translation>Table Insee des « gammes d'équipements » du millésime de la BPE, telle que téléchargée sur insee.fr (BPE_gammes_equipements_&lt;année&gt;.xlsx) ou enregistrée en CSV : une colonne TYPEQU (ou « code équipement ») et une colonne gamme (« Gamme de proximité », « intermédiaire », « supérieure ») ; ses regroupements (une école et ses classes de RPI, les formes de bureau de poste) comptent pour un seul service. Les tables livrées avec Vigie ne contiennent aucune gamme, car les listes de l'Insee n'ont pu être lues à leur écriture (hors ligne) : donnez cette table pour demander les gammes proximite, intermediaire ou superieure par leur nom. Un kit de territoire garde la table avec laquelle il a été constitué : un panier par gamme sur les services du kit n'en demande aucune.</translation>
    </message>
    <message>
        <source>{0} refused the request ({1}): this open service needs no key, so the URL may point at a mirror or proxy that asks for a login; check it and QGIS&apos;s proxy settings.</source>
        <translation>{0} a refusé la requête ({1}) : ce service ouvert ne demande pas de clé, l'URL désigne peut-être un miroir ou un proxy qui demande une connexion ; vérifiez-la, ainsi que les paramètres de proxy de QGIS.</translation>
    </message>
</context>
<context>
    <name>FetchBoundariesAlgorithm</name>
    <message>
        <source>Fetch boundaries (communes, EPCI)</source>
        <translation>Récupérer les limites (communes, EPCI)</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Communes</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>EPCI</source>
        <translation>EPCI</translation>
    </message>
    <message>
        <source>Communes of the territory, or the EPCI (intercommunalities) they belong to.</source>
        <translation>Les communes du territoire, ou les EPCI (intercommunalités) auxquels elles appartiennent.</translation>
    </message>
    <message>
        <source>Boundaries</source>
        <translation>Limites</translation>
    </message>
    <message>
        <source>Polygons in Lambert-93 (or the official projection overseas).</source>
        <translation>Polygones en Lambert-93 (ou dans la projection officielle outre-mer).</translation>
    </message>
    <message>
        <source>fetchboundaries needs territory codes (or a territory layer with a commune code field).</source>
        <translation>fetchboundaries a besoin de codes de territoire (ou d'une couche du territoire avec un champ de code commune).</translation>
    </message>
    <message>
        <source>Fetching communes of {0} from {1}</source>
        <translation>Récupération des communes de {0} depuis {1}</translation>
    </message>
    <message>
        <source>{0} boundaries written.</source>
        <translation>{0} limites écrites.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>geo.api.gouv.fr</source>
        <translation>geo.api.gouv.fr</translation>
    </message>
    <message>
        <source>IGN ADMIN EXPRESS (Géoplateforme WFS)</source>
        <translation>IGN ADMIN EXPRESS (WFS de la Géoplateforme)</translation>
    </message>
    <message>
        <source>geo.api.gouv.fr (simplified outlines, populations) or ADMIN EXPRESS over WFS (full outlines).</source>
        <translation>geo.api.gouv.fr (contours simplifiés, populations) ou ADMIN EXPRESS par WFS (contours complets).</translation>
    </message>
    <message>
        <source>Géoplateforme WFS URL</source>
        <translation>URL du WFS de la Géoplateforme</translation>
    </message>
    <message>
        <source>Fetching ADMIN EXPRESS communes of {0} from {1}</source>
        <translation>Récupération des communes ADMIN EXPRESS de {0} depuis {1}</translation>
    </message>
    <message>
        <source>Boundaries from IGN ADMIN EXPRESS (geo.api.gouv.fr or the Géoplateforme WFS).</source>
        <translation>Limites issues d'IGN ADMIN EXPRESS (geo.api.gouv.fr ou WFS de la Géoplateforme).</translation>
    </message>
</context>
<context>
    <name>FetchBpeAlgorithm</name>
    <message>
        <source>Fetch equipment (BPE)</source>
        <translation>Récupérer les équipements (BPE)</translation>
    </message>
    <message>
        <source>Equipment types (TYPEQU or groups)</source>
        <translation>Types d'équipements (TYPEQU ou groupes)</translation>
    </message>
    <message>
        <source>Path of the national file</source>
        <translation>Chemin du fichier national</translation>
    </message>
    <message>
        <source>Path of the geolocated BPE zip under BASE_URL (change it for another edition).</source>
        <translation>Chemin du zip de la BPE géolocalisée sous BASE_URL (à modifier pour un autre millésime).</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipements</translation>
    </message>
    <message>
        <source>{0} equipment rows have no coordinates (QUALITE_XY _Z): not mapped.</source>
        <translation>{0} lignes d'équipements n'ont pas de coordonnées (QUALITE_XY _Z) : non cartographiées.</translation>
    </message>
    <message>
        <source>{0} equipment points written.</source>
        <translation>{0} points d'équipements écrits.</translation>
    </message>
    <message>
        <source>BPE equipment</source>
        <translation>Équipements de la BPE</translation>
    </message>
    <message>
        <source>INSEE Base permanente des équipements.</source>
        <translation>Base permanente des équipements de l'INSEE.</translation>
    </message>
    <message>
        <source>Give at least one equipment type or group.</source>
        <translation>Indiquez au moins un type ou un groupe d'équipements.</translation>
    </message>
    <message>
        <source>Reading BPE {0} for {1}</source>
        <translation>Lecture de la BPE {0} pour {1}</translation>
    </message>
    <message>
        <source>{0} of {1} equipment points are approximate (QUALITE_GEOLOC 33: placed at random in their commune; field approximate = 1).</source>
        <translation>{0} des {1} équipements sont placés approximativement (QUALITE_GEOLOC 33 : position tirée au hasard dans leur commune ; champ approximate = 1).</translation>
    </message>
    <message>
        <source>Equipment points with TYPEQU, name, CAPACITE, QUALITE_XY, QUALITE_GEOLOC and approximate (1 = position drawn at random in the commune).</source>
        <translation>Points des équipements avec TYPEQU, nom, CAPACITE, QUALITE_XY, QUALITE_GEOLOC et approximate (1 = position tirée au hasard dans la commune).</translation>
    </message>
    <message>
        <source>{0} in RANGE_TABLE.</source>
        <translation>{0} dans RANGE_TABLE.</translation>
    </message>
    <message>
        <source>Comma-separated TYPEQU codes (e.g. D265, D502), groups: {0}, or INSEE ranges of the edition (proximite, intermediaire, superieure), read from INSEE's table given in RANGE_TABLE, else from INSEE's table of the file's edition under BASE_URL (RANGES_PATH). Codes are translated between editions when INSEE renumbered them (D201 → D265 in 2023).</source>
        <translation>Codes TYPEQU séparés par des virgules (p. ex. D265, D502), groupes : {0}, ou gammes Insee du millésime (proximite, intermediaire, superieure), lues dans la table Insee donnée dans RANGE_TABLE, sinon dans la table Insee du millésime du fichier sous BASE_URL (RANGES_PATH). Les codes sont convertis d'un millésime à l'autre quand l'Insee les a renumérotés (D201 → D265 en 2023).</translation>
    </message>
    <message>
        <source>Path of INSEE&apos;s table of ranges</source>
        <translation>Chemin de la table Insee des gammes</translation>
    </message>
    <message>
        <source>Path under BASE_URL of INSEE&apos;s table of the BPE ranges, {edition} being the BPE file&apos;s year; downloaded when EQUIPMENT_TYPES names a range and RANGE_TABLE is empty.</source>
        <translation>Chemin sous BASE_URL de la table Insee des gammes de la BPE, {edition} étant l'année du fichier BPE ; téléchargée quand EQUIPMENT_TYPES nomme une gamme et que RANGE_TABLE est vide.</translation>
    </message>
</context>
<context>
    <name>FetchChildcareAlgorithm</name>
    <message>
        <source>Give at least one equipment type or group.</source>
        <translation>Indiquez au moins un type ou un groupe d'équipements.</translation>
    </message>
    <message>
        <source>Reading BPE {0} for {1}</source>
        <translation>Lecture de la BPE {0} pour {1}</translation>
    </message>
    <message>
        <source>Fetch childcare (EAJE, CAF coverage)</source>
        <translation>Récupérer l'accueil du jeune enfant (EAJE, couverture CAF)</translation>
    </message>
    <message>
        <source>Figures by</source>
        <translation>Chiffres par</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>EPCI</source>
        <translation>EPCI</translation>
    </message>
    <message>
        <source>CAF figures per commune exist only for communes over 10,000 inhabitants; EPCI covers all.</source>
        <translation>Les chiffres CAF par commune n'existent que pour les communes de plus de 10 000 habitants ; l'échelle EPCI couvre tout le territoire.</translation>
    </message>
    <message>
        <source>data.caf.fr root URL</source>
        <translation>URL racine de data.caf.fr</translation>
    </message>
    <message>
        <source>BPE (insee.fr) root URL</source>
        <translation>URL racine de la BPE (insee.fr)</translation>
    </message>
    <message>
        <source>Path of the BPE national file</source>
        <translation>Chemin du fichier national de la BPE</translation>
    </message>
    <message>
        <source>Path of the geolocated BPE zip under the BPE root URL.</source>
        <translation>Chemin du zip de la BPE géolocalisée sous l'URL racine de la BPE.</translation>
    </message>
    <message>
        <source>EAJE facilities</source>
        <translation>Établissements d'accueil du jeune enfant (EAJE)</translation>
    </message>
    <message>
        <source>Établissements d'accueil du jeune enfant (BPE D502) with their capacity.</source>
        <translation>Établissements d'accueil du jeune enfant (BPE D502) avec leur capacité.</translation>
    </message>
    <message>
        <source>Childcare coverage</source>
        <translation>Couverture de l'accueil du jeune enfant</translation>
    </message>
    <message>
        <source>Communes or EPCI with the CAF coverage rate, places, and the EAJE count and capacity from the BPE.</source>
        <translation>Communes ou EPCI avec le taux de couverture CAF, les places, ainsi que le nombre et la capacité des EAJE d'après la BPE.</translation>
    </message>
    <message>
        <source>fetchchildcare needs territory codes (or a territory layer with a commune code field).</source>
        <translation>fetchchildcare a besoin de codes de territoire (ou d'une couche du territoire avec un champ de code commune).</translation>
    </message>
    <message>
        <source>{0} areas have no CAF figures (masked, or communes under 10,000 inhabitants).</source>
        <translation>{0} territoires n'ont pas de chiffres CAF (secret statistique, ou communes de moins de 10 000 habitants).</translation>
    </message>
    <message>
        <source>{0} EAJE have no coordinates in the BPE: not mapped.</source>
        <translation>{0} EAJE n'ont pas de coordonnées dans la BPE : non cartographiés.</translation>
    </message>
    <message>
        <source>EAJE (BPE D502) with capacity.</source>
        <translation>EAJE (BPE D502) avec leur capacité.</translation>
    </message>
    <message>
        <source>CAF childcare coverage rate and places (data.caf.fr), with BPE EAJE counts.</source>
        <translation>Taux de couverture et places d'accueil du jeune enfant de la CAF (data.caf.fr), avec le nombre d'EAJE de la BPE.</translation>
    </message>
    <message>
        <source>{0} in RANGE_TABLE.</source>
        <translation>{0} dans RANGE_TABLE.</translation>
    </message>
</context>
<context>
    <name>FetchGtfsAlgorithm</name>
    <message>
        <source>Fetch GTFS feeds and stops</source>
        <translation>Récupérer les flux GTFS et les arrêts</translation>
    </message>
    <message>
        <source>Download the feeds</source>
        <translation>Télécharger les flux</translation>
    </message>
    <message>
        <source>Download each available GTFS feed covering the territory and build the stops layer.</source>
        <translation>Télécharger chaque flux GTFS disponible qui couvre le territoire et construire la couche des arrêts.</translation>
    </message>
    <message>
        <source>Maximum number of feeds</source>
        <translation>Nombre maximal de flux</translation>
    </message>
    <message>
        <source>Safety limit on the feeds downloaded in one run.</source>
        <translation>Limite de sécurité du nombre de flux téléchargés en une exécution.</translation>
    </message>
    <message>
        <source>Folder for the GTFS feeds</source>
        <translation>Dossier des flux GTFS</translation>
    </message>
    <message>
        <source>The downloaded GTFS zips are kept here, ready for vigie:transittraveltime.</source>
        <translation>Les zips GTFS téléchargés sont conservés ici, prêts pour vigie:transittraveltime.</translation>
    </message>
    <message>
        <source>GTFS feeds</source>
        <translation>Flux GTFS</translation>
    </message>
    <message>
        <source>One row per GTFS resource covering the territory: dataset, publisher, licence, URL, validity.</source>
        <translation>Une ligne par ressource GTFS qui couvre le territoire : jeu de données, producteur, licence, URL, validité.</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Arrêts</translation>
    </message>
    <message>
        <source>Stops and stations of the downloaded feeds (parent stations kept with their name).</source>
        <translation>Arrêts et stations des flux téléchargés (les stations parentes sont conservées avec leur nom).</translation>
    </message>
    <message>
        <source>fetchgtfs needs territory codes (or a territory layer with a commune code field).</source>
        <translation>fetchgtfs a besoin de codes de territoire (ou d'une couche du territoire avec un champ de code commune).</translation>
    </message>
    <message>
        <source>Reading the transport.data.gouv.fr catalogue</source>
        <translation>Lecture du catalogue de transport.data.gouv.fr</translation>
    </message>
    <message>
        <source>{0} GTFS resources cover the territory.</source>
        <translation>{0} ressources GTFS couvrent le territoire.</translation>
    </message>
    <message>
        <source>GTFS feeds covering the territory.</source>
        <translation>Flux GTFS qui couvrent le territoire.</translation>
    </message>
    <message>
        <source>GTFS stops</source>
        <translation>Arrêts GTFS</translation>
    </message>
    <message>
        <source>Stops of the downloaded GTFS feeds.</source>
        <translation>Arrêts des flux GTFS téléchargés.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>Annulé : rien n'a été écrit.</translation>
    </message>
    <message>
        <source>Feed {0} not kept: {1}</source>
        <translation>Flux {0} non retenu : {1}</translation>
    </message>
    <message>
        <source>{0}: {1} stops without valid coordinates skipped.</source>
        <translation>{0} : {1} arrêts sans coordonnées valides ignorés.</translation>
    </message>
    <message>
        <source>Include national feeds</source>
        <translation>Inclure les flux nationaux</translation>
    </message>
    <message>
        <source>Also take the datasets declared over the whole country (covered area: pays FR), such as national coach and rail feeds. They are large; when left out, the log lists them.</source>
        <translation>Prendre aussi les jeux de données déclarés sur tout le pays (zone couverte : pays FR), comme les flux nationaux de cars et de trains. Ils sont volumineux ; quand ils sont laissés de côté, le journal les liste.</translation>
    </message>
    <message>
        <source>{0} national datasets left out (set INCLUDE_NATIONAL to add them): {1}</source>
        <translation>{0} jeux de données nationaux laissés de côté (activez INCLUDE_NATIONAL pour les ajouter) : {1}</translation>
    </message>
    <message>
        <source>{1}: None of the {0} GTFS feeds it lists could be used; nothing was written (the warnings say why for each feed). First refusal: {2}</source>
        <translation>{1} : aucun des {0} flux GTFS qu'il liste n'a pu être utilisé ; rien n'a été écrit (les avertissements disent pourquoi pour chaque flux). Premier refus : {2}</translation>
    </message>
</context>
<context>
    <name>FetchPopulationAlgorithm</name>
    <message>
        <source>Fetch population grid (Filosofi 200 m)</source>
        <translation>Récupérer le carroyage de population (Filosofi 200 m)</translation>
    </message>
    <message>
        <source>Cells as</source>
        <translation>Carreaux sous forme de</translation>
    </message>
    <message>
        <source>Squares</source>
        <translation>Carrés</translation>
    </message>
    <message>
        <source>Centroids</source>
        <translation>Centroïdes</translation>
    </message>
    <message>
        <source>200 m squares for maps, or their centres for travel-time computations.</source>
        <translation>Carrés de 200 m pour les cartes, ou leurs centres pour les calculs de temps de trajet.</translation>
    </message>
    <message>
        <source>Path of the national file</source>
        <translation>Chemin du fichier national</translation>
    </message>
    <message>
        <source>Path of the Filosofi 200 m CSV zip under BASE_URL (change it for another edition).</source>
        <translation>Chemin du zip CSV Filosofi 200 m sous BASE_URL (à modifier pour un autre millésime).</translation>
    </message>
    <message>
        <source>Population cells</source>
        <translation>Carreaux de population</translation>
    </message>
    <message>
        <source>Reading cells of the territory from {0}</source>
        <translation>Lecture des carreaux du territoire depuis {0}</translation>
    </message>
    <message>
        <source>{0} cells, {1} inhabitants.</source>
        <translation>{0} carreaux, {1} habitants.</translation>
    </message>
    <message>
        <source>Population (200 m grid)</source>
        <translation>Population (carroyage 200 m)</translation>
    </message>
    <message>
        <source>INSEE Filosofi gridded population (200 m cells, EPSG:3035).</source>
        <translation>Population carroyée Filosofi de l'INSEE (carreaux de 200 m, EPSG:3035).</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Géoplateforme WFS (by box)</source>
        <translation>WFS de la Géoplateforme (par emprise)</translation>
    </message>
    <message>
        <source>INSEE national file</source>
        <translation>Fichier national de l'INSEE</translation>
    </message>
    <message>
        <source>The WFS relay fetches only the territory&apos;s box (keyless); the national file (about 1 GB once extracted) is downloaded once. A LOCAL_FILE is always used when given.</source>
        <translation>Le relais WFS ne récupère que l'emprise du territoire (sans clé) ; le fichier national (environ 1 Go une fois extrait) est téléchargé une seule fois. Un LOCAL_FILE est toujours utilisé quand il est donné.</translation>
    </message>
    <message>
        <source>Géoplateforme WFS URL (Filosofi grid)</source>
        <translation>URL du WFS de la Géoplateforme (carroyage Filosofi)</translation>
    </message>
    <message>
        <source>Local Filosofi file (CSV, zip or 7z)</source>
        <translation>Fichier Filosofi local (CSV, zip ou 7z)</translation>
    </message>
    <message>
        <source>Use an already downloaded Filosofi grid file: the CSV, or INSEE&apos;s zip (which holds a 7z) as it is.</source>
        <translation>Utiliser un fichier Filosofi déjà téléchargé : le CSV, ou le zip de l'INSEE (qui contient un 7z) tel quel.</translation>
    </message>
    <message>
        <source>Cells with idcar_200m, ind (inhabitants), age classes, depcom and imputed (1 = values imputed by INSEE), in EPSG:3035.</source>
        <translation>Carreaux avec idcar_200m, ind (habitants), classes d'âge, depcom et imputed (1 = valeurs imputées par l'INSEE), en EPSG:3035.</translation>
    </message>
    <message>
        <source>{0} cells have values imputed by INSEE (imputed = 1).</source>
        <translation>{0} carreaux ont des valeurs imputées par l'INSEE (imputed = 1).</translation>
    </message>
    <message>
        <source>Fetching the Filosofi 200 m cells from {0}</source>
        <translation>Récupération des carreaux Filosofi 200 m depuis {0}</translation>
    </message>
</context>
<context>
    <name>FetchRoadsAlgorithm</name>
    <message>
        <source>Fetch road network (BD TOPO, OSM)</source>
        <translation>Récupérer le réseau routier (BD TOPO, OSM)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>IGN BD TOPO (Géoplateforme WFS)</source>
        <translation>IGN BD TOPO (WFS de la Géoplateforme)</translation>
    </message>
    <message>
        <source>OpenStreetMap (Overpass)</source>
        <translation>OpenStreetMap (Overpass)</translation>
    </message>
    <message>
        <source>BD TOPO carries average speeds and directions; OSM has speed limits and road classes.</source>
        <translation>La BD TOPO porte des vitesses moyennes et les sens de circulation ; OSM a les limitations de vitesse et les classes de routes.</translation>
    </message>
    <message>
        <source>Margin around the territory</source>
        <translation>Marge autour du territoire</translation>
    </message>
    <message>
        <source>Roads this far beyond the territory are kept: the nearest service may be across the boundary.</source>
        <translation>Les routes situées jusqu'à cette distance au-delà du territoire sont conservées : le service le plus proche peut se trouver de l'autre côté de la limite.</translation>
    </message>
    <message>
        <source>Service root URL</source>
        <translation>URL racine du service</translation>
    </message>
    <message>
        <source>WFS or Overpass URL; empty for the public service. Change it for a mirror or a test server.</source>
        <translation>URL du WFS ou d'Overpass ; vide pour le service public. Modifiez-la pour un miroir ou un serveur de test.</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>Routes</translation>
    </message>
    <message>
        <source>Road lines in Lambert-93 (or the official projection overseas).</source>
        <translation>Lignes des routes en Lambert-93 (ou dans la projection officielle outre-mer).</translation>
    </message>
    <message>
        <source>BASE_URL must be an http(s) URL.</source>
        <translation>BASE_URL doit être une URL http(s).</translation>
    </message>
    <message>
        <source>Fetching BD TOPO road sections from {0}</source>
        <translation>Récupération des tronçons de la BD TOPO depuis {0}</translation>
    </message>
    <message>
        <source>Fetching OSM ways from {0}</source>
        <translation>Récupération des voies OSM depuis {0}</translation>
    </message>
    <message>
        <source>{0} road lines written.</source>
        <translation>{0} lignes de routes écrites.</translation>
    </message>
    <message>
        <source>Road network for travel-time computations.</source>
        <translation>Réseau routier pour les calculs de temps de trajet.</translation>
    </message>
</context>
<context>
    <name>FetchSireneAlgorithm</name>
    <message>
        <source>Fetch establishments (Sirene)</source>
        <translation>Récupérer les établissements (Sirene)</translation>
    </message>
    <message>
        <source>NAF codes or presets</source>
        <translation>Codes NAF ou préréglages</translation>
    </message>
    <message>
        <source>Comma-separated NAF codes (86.21Z) or presets: {0}.</source>
        <translation>Codes NAF séparés par des virgules (86.21Z) ou préréglages : {0}.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>recherche-entreprises (no key)</source>
        <translation>recherche-entreprises (sans clé)</translation>
    </message>
    <message>
        <source>INSEE API Sirene 3.11 (key)</source>
        <translation>API Sirene 3.11 de l'INSEE (avec clé)</translation>
    </message>
    <message>
        <source>recherche-entreprises needs no key but filters NAF codes on the legal unit; API Sirene filters on each establishment and needs a key (AUTHCFG).</source>
        <translation>recherche-entreprises ne demande pas de clé mais filtre les codes NAF sur l'unité légale ; l'API Sirene filtre sur chaque établissement et demande une clé (AUTHCFG).</translation>
    </message>
    <message>
        <source>API key (authentication configuration)</source>
        <translation>Clé d'API (configuration d'authentification)</translation>
    </message>
    <message>
        <source>QGIS authentication configuration holding the INSEE API key (API Sirene only).</source>
        <translation>Configuration d'authentification QGIS qui contient la clé d'API de l'INSEE (API Sirene uniquement).</translation>
    </message>
    <message>
        <source>Service root URL</source>
        <translation>URL racine du service</translation>
    </message>
    <message>
        <source>Root URL of the chosen service; empty for the public one. Change it for a mirror or a test server.</source>
        <translation>URL racine du service choisi ; vide pour le service public. Modifiez-la pour un miroir ou un serveur de test.</translation>
    </message>
    <message>
        <source>Establishments</source>
        <translation>Établissements</translation>
    </message>
    <message>
        <source>Active establishments with a published position, as points.</source>
        <translation>Établissements actifs dont la position est publiée, en points.</translation>
    </message>
    <message>
        <source>Establishments without position</source>
        <translation>Établissements sans position</translation>
    </message>
    <message>
        <source>Sirene needs territory codes: type them in TERRITORY or use a layer with a commune code field.</source>
        <translation>Sirene a besoin de codes de territoire : saisissez-les dans TERRITORY ou utilisez une couche avec un champ de code commune.</translation>
    </message>
    <message>
        <source>Give at least one NAF code in NAF_CODES.</source>
        <translation>Indiquez au moins un code NAF dans NAF_CODES.</translation>
    </message>
    <message>
        <source>BASE_URL must be an http(s) URL.</source>
        <translation>BASE_URL doit être une URL http(s).</translation>
    </message>
    <message>
        <source>Querying API Sirene for {0}</source>
        <translation>Interrogation de l'API Sirene pour {0}</translation>
    </message>
    <message>
        <source>Querying recherche-entreprises for {0}</source>
        <translation>Interrogation de recherche-entreprises pour {0}</translation>
    </message>
    <message>
        <source>recherche-entreprises caps answers at 10,000 results: some may be missing; narrow the territory.</source>
        <translation>recherche-entreprises plafonne ses réponses à 10 000 résultats : il peut en manquer ; réduisez le territoire.</translation>
    </message>
    <message>
        <source>{0} establishments have no published position (non-diffusible or not geolocated): not mapped.</source>
        <translation>{0} établissements n'ont pas de position publiée (non diffusibles ou non géolocalisés) : non cartographiés.</translation>
    </message>
    <message>
        <source>{0} establishments written.</source>
        <translation>{0} établissements écrits.</translation>
    </message>
    <message>
        <source>Establishments {0}</source>
        <translation>Établissements {0}</translation>
    </message>
    <message>
        <source>Active establishments from INSEE Sirene ({0} without position not mapped).</source>
        <translation>Établissements actifs issus de Sirene (INSEE) ({0} sans position non cartographiés).</translation>
    </message>
    <message>
        <source>Geocode establishments without position</source>
        <translation>Géocoder les établissements sans position</translation>
    </message>
    <message>
        <source>Send their addresses to the Géoplateforme geocoder (BAN, CSV batch); positions found in the right commune with a score of 0.5 or more are used (field geocode_score).</source>
        <translation>Envoyer leurs adresses au géocodeur de la Géoplateforme (BAN, lot CSV) ; les positions trouvées dans la bonne commune avec un score d'au moins 0,5 sont retenues (champ geocode_score).</translation>
    </message>
    <message>
        <source>Géoplateforme geocoder URL</source>
        <translation>URL du géocodeur de la Géoplateforme</translation>
    </message>
    <message>
        <source>{0} establishments placed by the geocoder.</source>
        <translation>{0} établissements placés par le géocodeur.</translation>
    </message>
    <message>
        <source>A legal unit has over 100 matching establishments: querying commune by commune.</source>
        <translation>Une unité légale a plus de 100 établissements correspondants : interrogation commune par commune.</translation>
    </message>
</context>
<context>
    <name>FetchTerritoryAlgorithm</name>
    <message>
        <source>Fetch territory kit (all layers, one GeoPackage)</source>
        <translation>Récupérer le kit territoire (toutes les couches, un GeoPackage)</translation>
    </message>
    <message>
        <source>Territory codes</source>
        <translation>Codes du territoire</translation>
    </message>
    <message>
        <source>One or more codes, comma-separated: communes (e.g. 05061), EPCI (9-digit SIREN, e.g. 200067452) or départements (05).</source>
        <translation>Un ou plusieurs codes, séparés par des virgules : communes (par ex. 05061), EPCI (SIREN à 9 chiffres, par ex. 200067452) ou départements (05).</translation>
    </message>
    <message>
        <source>Margin for roads and services (km)</source>
        <translation>Marge pour les routes et les services (km)</translation>
    </message>
    <message>
        <source>Roads and services are fetched on the territory plus this margin, so that a commune on the border finds the doctor just across it. The population stays inside the territory.</source>
        <translation>Routes et services sont récupérés sur le territoire plus cette marge, pour qu'une commune frontalière trouve le médecin juste de l'autre côté. La population reste dans le territoire.</translation>
    </message>
    <message>
        <source>Services (BPE types or ranges)</source>
        <translation>Services (types ou gammes BPE)</translation>
    </message>
    <message>
        <source>Roads from</source>
        <translation>Routes depuis</translation>
    </message>
    <message>
        <source>IGN BD TOPO (WFS)</source>
        <translation>IGN BD TOPO (WFS)</translation>
    </message>
    <message>
        <source>OpenStreetMap (Overpass)</source>
        <translation>OpenStreetMap (Overpass)</translation>
    </message>
    <message>
        <source>A local file</source>
        <translation>Un fichier local</translation>
    </message>
    <message>
        <source>Source of the road network; a local file is given in ROADS_FILE.</source>
        <translation>Source du réseau routier ; un fichier local se donne dans ROADS_FILE.</translation>
    </message>
    <message>
        <source>Local road file</source>
        <translation>Fichier de routes local</translation>
    </message>
    <message>
        <source>Road lines (any format QGIS reads) when ROAD_SOURCE is a local file.</source>
        <translation>Lignes de routes (tout format lu par QGIS) quand ROAD_SOURCE est un fichier local.</translation>
    </message>
    <message>
        <source>Local Filosofi file (optional)</source>
        <translation>Fichier Filosofi local (facultatif)</translation>
    </message>
    <message>
        <source>A copy of INSEE&apos;s 200 m file (CSV, or the zip holding a 7z) instead of the WFS.</source>
        <translation>Une copie du fichier 200 m de l'INSEE (CSV, ou le zip qui contient un 7z) au lieu du WFS.</translation>
    </message>
    <message>
        <source>Local BPE file (optional)</source>
        <translation>Fichier BPE local (facultatif)</translation>
    </message>
    <message>
        <source>A copy of the geolocated BPE file (CSV or zip) instead of downloading it.</source>
        <translation>Une copie du fichier BPE géolocalisé (CSV ou zip) au lieu de le télécharger.</translation>
    </message>
    <message>
        <source>Fetch public transport (GTFS)</source>
        <translation>Récupérer les transports en commun (GTFS)</translation>
    </message>
    <message>
        <source>Download the GTFS feeds covering the territory (zips in a folder beside the kit) and their stops.</source>
        <translation>Télécharger les flux GTFS qui couvrent le territoire (zips dans un dossier à côté du kit) et leurs arrêts.</translation>
    </message>
    <message>
        <source>Fetch every layer again</source>
        <translation>Tout récupérer à nouveau</translation>
    </message>
    <message>
        <source>Without it, a kit already partly written is continued: layers listed in its manifest are kept.</source>
        <translation>Sinon, un kit déjà en partie écrit est complété : les couches listées dans son manifeste sont gardées.</translation>
    </message>
    <message>
        <source>geo.api.gouv.fr root URL</source>
        <translation>URL racine de geo.api.gouv.fr</translation>
    </message>
    <message>
        <source>Géoplateforme WFS URL (Filosofi grid)</source>
        <translation>URL du WFS de la Géoplateforme (carroyage Filosofi)</translation>
    </message>
    <message>
        <source>Géoplateforme WFS URL (BD TOPO)</source>
        <translation>URL du WFS de la Géoplateforme (BD TOPO)</translation>
    </message>
    <message>
        <source>Overpass API URL</source>
        <translation>URL de l'API Overpass</translation>
    </message>
    <message>
        <source>BPE national file URL</source>
        <translation>URL du fichier national BPE</translation>
    </message>
    <message>
        <source>transport.data.gouv.fr root URL</source>
        <translation>URL racine de transport.data.gouv.fr</translation>
    </message>
    <message>
        <source>Territory kit</source>
        <translation>Kit territoire</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>The kit GeoPackage: territory, communes, epci, population, roads, services, gtfs_stops and the manifest table (docs/territory-kit.md).</source>
        <translation>Le GeoPackage du kit : territory, communes, epci, population, roads, services, gtfs_stops et la table manifest (docs/territory-kit.md).</translation>
    </message>
    <message>
        <source>OUTPUT must be a .gpkg file, got &apos;{0}&apos;.</source>
        <translation>OUTPUT doit être un fichier .gpkg, reçu '{0}'.</translation>
    </message>
    <message>
        <source>boundaries</source>
        <translation>limites</translation>
    </message>
    <message>
        <source>population</source>
        <translation>population</translation>
    </message>
    <message>
        <source>roads</source>
        <translation>routes</translation>
    </message>
    <message>
        <source>services</source>
        <translation>services</translation>
    </message>
    <message>
        <source>public transport</source>
        <translation>transports en commun</translation>
    </message>
    <message>
        <source>Cancelled: the layers already in {0} are kept; run again to continue.</source>
        <translation>Annulé : les couches déjà dans {0} sont gardées ; relancez pour continuer.</translation>
    </message>
    <message>
        <source>Step {0}/{1} ({2}) failed: {3} The layers of the steps before it are kept in {4}; run again (without REFRESH) to continue from this step.</source>
        <translation>L'étape {0}/{1} ({2}) a échoué : {3} Les couches des étapes précédentes sont gardées dans {4} ; relancez (sans REFRESH) pour reprendre à cette étape.</translation>
    </message>
    <message>
        <source>Kit {0}: {1}</source>
        <translation>Kit {0} : {1}</translation>
    </message>
    <message>
        <source>Kept from the previous run: {0}</source>
        <translation>Gardé de l'exécution précédente : {0}</translation>
    </message>
    <message>
        <source>Territory kit layer {0}: {1} features from {2} ({3}), fetched {4}; query: {5}.</source>
        <translation>Couche {0} du kit territoire : {1} objets de {2} ({3}), récupérés le {4} ; requête : {5}.</translation>
    </message>
    <message>
        <source>Territory kit: {0}</source>
        <translation>Kit territoire : {0}</translation>
    </message>
    <message>
        <source>Include national GTFS feeds</source>
        <translation>Inclure les flux GTFS nationaux</translation>
    </message>
    <message>
        <source>Also take the datasets declared over the whole country (covered area: pays FR), such as national coach and rail feeds, and keep their stops within the margin. They are large; when left out, the log lists them.</source>
        <translation>Prendre aussi les jeux de données déclarés sur tout le pays (zone couverte : pays FR), comme les flux nationaux d'autocars et de trains, et garder leurs arrêts situés dans la marge. Ils sont volumineux ; laissés de côté, le journal les liste.</translation>
    </message>
    <message>
        <source>the Filosofi file</source>
        <translation>le fichier Filosofi</translation>
    </message>
    <message>
        <source>Comma-separated BPE TYPEQU codes (e.g. D265, D307, D502), groups (health, childcare, schools, everyday) or INSEE ranges of the edition (proximite, intermediaire, superieure), read from INSEE&apos;s table given in RANGE_TABLE, else from INSEE&apos;s table of the BPE file&apos;s edition, downloaded from RANGES_URL.</source>
        <translation>Codes TYPEQU de la BPE séparés par des virgules (p. ex. D265, D307, D502), groupes (health, childcare, schools, everyday) ou gammes Insee du millésime (proximite, intermediaire, superieure), lues dans la table Insee donnée dans RANGE_TABLE, sinon dans la table Insee du millésime du fichier BPE, téléchargée depuis RANGES_URL.</translation>
    </message>
    <message>
        <source>URL of INSEE&apos;s table of BPE ranges ({edition} = the BPE file&apos;s year)</source>
        <translation>URL de la table Insee des gammes de la BPE ({edition} = l'année du fichier BPE)</translation>
    </message>
</context>
<context>
    <name>GtfsAlgorithm</name>
    <message>
        <source>GTFS timetable (.zip)</source>
        <translation>Horaires GTFS (.zip)</translation>
    </message>
    <message>
        <source>GTFS feeds (*.zip *.ZIP);;All files (*)</source>
        <translation>Flux GTFS (*.zip *.ZIP);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The network&apos;s GTFS file, e.g. from transport.data.gouv.fr.</source>
        <translation>Le fichier GTFS du réseau, par exemple depuis transport.data.gouv.fr.</translation>
    </message>
    <message>
        <source>Date of travel</source>
        <translation>Date du trajet</translation>
    </message>
    <message>
        <source>A day within the feed&apos;s calendar; trips of the previous evening still running after midnight count.</source>
        <translation>Un jour couvert par le calendrier du flux ; les courses de la veille au soir encore en circulation après minuit comptent.</translation>
    </message>
    <message>
        <source>Departures from (time of day)</source>
        <translation>Départs à partir de (heure)</translation>
    </message>
    <message>
        <source>First departure time of the window.</source>
        <translation>Heure du premier départ de la plage horaire.</translation>
    </message>
    <message>
        <source>Departures until (time of day)</source>
        <translation>Départs jusqu'à (heure)</translation>
    </message>
    <message>
        <source>Last departure time of the window (included).</source>
        <translation>Heure du dernier départ de la plage horaire (incluse).</translation>
    </message>
    <message>
        <source>Choose the GTFS file of the network (GTFS parameter).</source>
        <translation>Choisissez le fichier GTFS du réseau (paramètre GTFS).</translation>
    </message>
    <message>
        <source>Give the date of travel (DATE parameter).</source>
        <translation>Indiquez la date du trajet (paramètre DATE).</translation>
    </message>
    <message>
        <source>Give the departure window as times of day (HH:MM).</source>
        <translation>Indiquez la plage de départ sous forme d'heures (HH:MM).</translation>
    </message>
    <message>
        <source>The departure window ends ({0}) before it starts ({1}).</source>
        <translation>La plage de départ se termine ({0}) avant de commencer ({1}).</translation>
    </message>
    <message>
        <source>Reading the GTFS feed {0}…</source>
        <translation>Lecture du flux GTFS {0}…</translation>
    </message>
    <message>
        <source>{0} stops have impossible coordinates: excluded from walking access, egress and transfers.</source>
        <translation>{0} arrêts ont des coordonnées impossibles : exclus des trajets à pied d'accès, de sortie et de correspondance.</translation>
    </message>
    <message>
        <source>The GTFS feed cannot be used: {0}</source>
        <translation>Le flux GTFS est inutilisable : {0}</translation>
    </message>
</context>
<context>
    <name>GtfsStopsAlgorithm</name>
    <message>
        <source>Public transport stops and their departures</source>
        <translation>Arrêts de transport en commun et leurs départs</translation>
    </message>
    <message>
        <source>The stops of a GTFS feed with the number of departures in a time window on a date.</source>
        <translation>Les arrêts d'un flux GTFS avec le nombre de départs dans une plage horaire à une date donnée.</translation>
    </message>
    <message>
        <source>Stops and departures</source>
        <translation>Arrêts et départs</translation>
    </message>
    <message>
        <source>One point per boarding stop with departures, per_hour and routes in the window.</source>
        <translation>Un point par arrêt de montée avec departures, per_hour et routes dans la plage horaire.</translation>
    </message>
    <message>
        <source>{0} stops not written: their coordinates are impossible.</source>
        <translation>{0} arrêts non écrits : leurs coordonnées sont impossibles.</translation>
    </message>
    <message>
        <source>{0} stops, {1} departures between {2} and {3}.</source>
        <translation>{0} arrêts, {1} départs entre {2} et {3}.</translation>
    </message>
    <message>
        <source>Boarding stops of the GTFS feed with the number of departures (boarding allowed, vehicle going on) in the window on the date, per hour, and the number of routes; trips of the previous service day after midnight and frequency-based trips included.</source>
        <translation>Arrêts de montée du flux GTFS avec le nombre de départs (montée autorisée, véhicule poursuivant sa course) dans la plage horaire à la date choisie, par heure, et le nombre de lignes ; les courses du jour de service précédent après minuit et les courses définies par fréquence sont comprises.</translation>
    </message>
    <message>
        <source>No departure</source>
        <translation>Aucun départ</translation>
    </message>
    <message>
        <source>{0}–{1} per hour</source>
        <translation>{0}–{1} par heure</translation>
    </message>
    <message>
        <source>{0} and more per hour</source>
        <translation>{0} et plus par heure</translation>
    </message>
</context>
<context>
    <name>IsochronesAlgorithm</name>
    <message>
        <source>Isochrones (drive-time bands)</source>
        <translation>Isochrones (tranches de temps en voiture)</translation>
    </message>
    <message>
        <source>Polygons of the places within 5, 10, 15… minutes of drive of a service.</source>
        <translation>Polygones des lieux situés à moins de 5, 10, 15… minutes en voiture d'un service.</translation>
    </message>
    <message>
        <source>Points of the services the bands are drawn around.</source>
        <translation>Points des services autour desquels les tranches sont tracées.</translation>
    </message>
    <message>
        <source>Copied into dest_id in the per-service mode; the feature id when empty.</source>
        <translation>Copié dans dest_id en mode par service ; l'identifiant de l'entité s'il est vide.</translation>
    </message>
    <message>
        <source>Band limits (minutes)</source>
        <translation>Limites des tranches (minutes)</translation>
    </message>
    <message>
        <source>Upper limits of the bands, strictly increasing, separated by commas.</source>
        <translation>Bornes supérieures des tranches, strictement croissantes, séparées par des virgules.</translation>
    </message>
    <message>
        <source>Bands for</source>
        <translation>Tranches pour</translation>
    </message>
    <message>
        <source>The nearest service (bands do not overlap)</source>
        <translation>Le service le plus proche (les tranches ne se chevauchent pas)</translation>
    </message>
    <message>
        <source>Each service separately</source>
        <translation>Chaque service séparément</translation>
    </message>
    <message>
        <source>Nearest service: one set of bands, by the time to the closest service. Each service: one set of bands per service; bands of different services overlap.</source>
        <translation>Service le plus proche : un seul jeu de tranches, selon le temps vers le service le plus proche. Chaque service : un jeu de tranches par service ; les tranches de services différents se chevauchent.</translation>
    </message>
    <message>
        <source>Corridor width around reached roads (metres)</source>
        <translation>Largeur du corridor autour des routes atteintes (mètres)</translation>
    </message>
    <message>
        <source>Reached road sections are buffered by this distance and dissolved into the band polygons: places that close to a reached road count as reached.</source>
        <translation>Les tronçons atteints reçoivent un tampon de cette distance, fusionné dans les polygones des tranches : les lieux aussi proches d'une route atteinte comptent comme atteints.</translation>
    </message>
    <message>
        <source>Isochrones</source>
        <translation>Isochrones</translation>
    </message>
    <message>
        <source>One polygon per band (and per service): band_min, band_max, dest_id, area_km2.</source>
        <translation>Un polygone par tranche (et par service) : band_min, band_max, dest_id, area_km2.</translation>
    </message>
    <message>
        <source>{0}–{1} min</source>
        <translation>{0}–{1} min</translation>
    </message>
    <message>
        <source>No road is reached within {0} minutes: the output is empty.</source>
        <translation>Aucune route n'est atteinte en moins de {0} minutes : la sortie est vide.</translation>
    </message>
    <message>
        <source>nearest service</source>
        <translation>le service le plus proche</translation>
    </message>
    <message>
        <source>each service</source>
        <translation>chaque service</translation>
    </message>
    <message>
        <source>Drive-time bands (times to the {0}): roads sampled with their times (interpolated along each section) on a grid of {1} m cells; each cell takes the smallest time of the roads within {2} m; cells classed by band and polygonized. Bands do not overlap.</source>
        <translation>Tranches de temps en voiture (temps vers {0}) : routes échantillonnées avec leurs temps (interpolés le long de chaque tronçon) sur une grille de cellules de {1} m ; chaque cellule prend le plus petit temps des routes situées à moins de {2} m ; cellules classées par tranche puis vectorisées. Les tranches ne se chevauchent pas.</translation>
    </message>
</context>
<context>
    <name>KitContext</name>
    <message>
        <source>{0} cells, {1} inhabitants, {2} imputed by INSEE.</source>
        <translation>{0} carreaux, {1} habitants, {2} imputés par l'INSEE.</translation>
    </message>
    <message>
        <source>{0} equipment points ({1} approximate: placed at random in their commune).</source>
        <translation>{0} équipements ({1} approximatifs : placés au hasard dans leur commune).</translation>
    </message>
    <message>
        <source>{0} equipment rows have no coordinates: left out.</source>
        <translation>{0} lignes d'équipements sans coordonnées : laissées de côté.</translation>
    </message>
    <message>
        <source>{0} GTFS feeds in {1}.</source>
        <translation>{0} flux GTFS dans {1}.</translation>
    </message>
    <message>
        <source>{0} national datasets left out (set INCLUDE_NATIONAL to add them): {1}</source>
        <translation>{0} jeux de données nationaux laissés de côté (activez INCLUDE_NATIONAL pour les ajouter) : {1}</translation>
    </message>
</context>
<context>
    <name>LayoutAlgorithm</name>
    <message>
        <source>landscape</source>
        <translation>paysage</translation>
    </message>
    <message>
        <source>portrait</source>
        <translation>portrait</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>Sous-titre</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papier</translation>
    </message>
    <message>
        <source>Sources and licences</source>
        <translation>Sources et licences</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisme</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Images (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>Resolution (dpi)</source>
        <translation>Résolution (dpi)</translation>
    </message>
    <message>
        <source>Layer {0} has no style of its own: drawn with the Vigie default style.</source>
        <translation>La couche {0} n'a pas de style propre : elle est dessinée avec le style par défaut de Vigie.</translation>
    </message>
    <message>
        <source>No source or licence is recorded in the layers&apos; metadata: fill SOURCES to print them.</source>
        <translation>Aucune source ni licence n'est enregistrée dans les métadonnées des couches : remplissez SOURCES pour les imprimer.</translation>
    </message>
</context>
<context>
    <name>MapLayoutAlgorithm</name>
    <message>
        <source>Print map (PDF/PNG layout)</source>
        <translation>Carte à imprimer (mise en page PDF/PNG)</translation>
    </message>
    <message>
        <source>Layers to map</source>
        <translation>Couches à cartographier</translation>
    </message>
    <message>
        <source>Layers drawn with their current style; points and lines are kept above polygons. The legend lists these layers only.</source>
        <translation>Couches dessinées avec leur style actuel ; les points et les lignes restent au-dessus des polygones. La légende ne liste que ces couches.</translation>
    </message>
    <message>
        <source>Title printed at the top of the page (default: the name of the first layer).</source>
        <translation>Titre imprimé en haut de la page (par défaut : le nom de la première couche).</translation>
    </message>
    <message>
        <source>Second line under the title: territory, service, date of the data…</source>
        <translation>Seconde ligne sous le titre : territoire, service, date des données…</translation>
    </message>
    <message>
        <source>Extent to map</source>
        <translation>Emprise à cartographier</translation>
    </message>
    <message>
        <source>Ground to show. Leave empty to frame AREA, or else all the layers.</source>
        <translation>Emprise au sol à montrer. Laissez vide pour cadrer sur AREA, sinon sur toutes les couches.</translation>
    </message>
    <message>
        <source>Area to frame</source>
        <translation>Territoire à cadrer</translation>
    </message>
    <message>
        <source>Layer (or its selected features) the map is zoomed on, e.g. the communes of an EPCI.</source>
        <translation>Couche (ou ses entités sélectionnées) sur laquelle la carte est centrée, par exemple les communes d'un EPCI.</translation>
    </message>
    <message>
        <source>Paper size and orientation of the page.</source>
        <translation>Format et orientation du papier de la page.</translation>
    </message>
    <message>
        <source>One source per line. Leave empty to print the sources and licences recorded in the layers&apos; metadata (every Vigie output carries them).</source>
        <translation>Une source par ligne. Laissez vide pour imprimer les sources et licences enregistrées dans les métadonnées des couches (toute sortie de Vigie les porte).</translation>
    </message>
    <message>
        <source>Who made the map. Leave empty to use the organisation set in the Vigie settings.</source>
        <translation>Auteur de la carte. Laissez vide pour reprendre l'organisme indiqué dans les paramètres de Vigie.</translation>
    </message>
    <message>
        <source>Image printed at the top right of the page.</source>
        <translation>Image imprimée en haut à droite de la page.</translation>
    </message>
    <message>
        <source>Key figures table</source>
        <translation>Table des chiffres clés</translation>
    </message>
    <message>
        <source>Table shown as key figures, e.g. the output of vigie:coverage (population within each threshold, summed over its rows). Any other table is printed as is (first rows and columns).</source>
        <translation>Table affichée en chiffres clés, par exemple la sortie de vigie:coverage (population sous chaque seuil, sommée sur ses lignes). Toute autre table est imprimée telle quelle (premières lignes et colonnes).</translation>
    </message>
    <message>
        <source>Resolution of the PNG and of raster layers in the PDF.</source>
        <translation>Résolution du PNG et des couches raster dans le PDF.</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>Fichier PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The page as a PDF (vector, searchable text).</source>
        <translation>La page en PDF (vectoriel, texte interrogeable).</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <source>PNG files (*.png)</source>
        <translation>Fichiers PNG (*.png)</translation>
    </message>
    <message>
        <source>The page as a PNG image at the chosen resolution.</source>
        <translation>La page en image PNG à la résolution choisie.</translation>
    </message>
    <message>
        <source>Keep the layout in the project as</source>
        <translation>Conserver la mise en page dans le projet sous le nom</translation>
    </message>
    <message>
        <source>Name of a print layout added to the project for hand edits. Leave empty not to keep it.</source>
        <translation>Nom d'une mise en page ajoutée au projet pour la retoucher à la main. Laissez vide pour ne pas la conserver.</translation>
    </message>
    <message>
        <source>Layout kept in the project</source>
        <translation>Mise en page conservée dans le projet</translation>
    </message>
    <message>
        <source>No layer to map: give at least one layer in LAYERS.</source>
        <translation>Aucune couche à cartographier : indiquez au moins une couche dans LAYERS.</translation>
    </message>
    <message>
        <source>Nothing to produce: give OUTPUT_PDF, OUTPUT_PNG or OUTPUT_LAYOUT.</source>
        <translation>Rien à produire : indiquez OUTPUT_PDF, OUTPUT_PNG ou OUTPUT_LAYOUT.</translation>
    </message>
    <message>
        <source>Writing {0}</source>
        <translation>Écriture de {0}</translation>
    </message>
    <message>
        <source>EXTENT</source>
        <translation>EXTENT</translation>
    </message>
    <message>
        <source>AREA has no feature with a geometry</source>
        <translation>AREA n'a aucune entité avec une géométrie</translation>
    </message>
    <message>
        <source>the layers hold no feature</source>
        <translation>les couches ne contiennent aucune entité</translation>
    </message>
</context>
<context>
    <name>OdMatrixAlgorithm</name>
    <message>
        <source>Origin–destination matrix (road)</source>
        <translation>Matrice origine–destination (route)</translation>
    </message>
    <message>
        <source>Drive time and distance between origins and destinations, with a cut-off and K nearest.</source>
        <translation>Temps de trajet et distance en voiture entre origines et destinations, avec un seuil et les K plus proches.</translation>
    </message>
    <message>
        <source>Origins</source>
        <translation>Origines</translation>
    </message>
    <message>
        <source>Points, or polygons (their centroid is used).</source>
        <translation>Points, ou polygones (leur centroïde est utilisé).</translation>
    </message>
    <message>
        <source>Origin identifier field</source>
        <translation>Champ identifiant de l'origine</translation>
    </message>
    <message>
        <source>Copied into origin_id; the feature id when empty.</source>
        <translation>Copié dans origin_id ; l'identifiant de l'entité s'il est vide.</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Destinations</translation>
    </message>
    <message>
        <source>Copied into dest_id; the feature id when empty.</source>
        <translation>Copié dans dest_id ; l'identifiant de l'entité s'il est vide.</translation>
    </message>
    <message>
        <source>Pairs farther apart are left out. A limit keeps the table small and the searches fast.</source>
        <translation>Les couples plus éloignés sont écartés. Une limite garde la table petite et les recherches rapides.</translation>
    </message>
    <message>
        <source>Nearest destinations per origin (0 = all)</source>
        <translation>Destinations les plus proches par origine (0 = toutes)</translation>
    </message>
    <message>
        <source>Keep only the K fastest destinations of each origin.</source>
        <translation>Ne garder que les K destinations les plus rapides de chaque origine.</translation>
    </message>
    <message>
        <source>OD matrix</source>
        <translation>Matrice OD</translation>
    </message>
    <message>
        <source>A table: origin_id, dest_id, time_min, dist_m, rank (1 = fastest destination of the origin).</source>
        <translation>Une table : origin_id, dest_id, time_min, dist_m, rank (1 = destination la plus rapide de l'origine).</translation>
    </message>
    <message>
        <source>OD lines</source>
        <translation>Lignes OD</translation>
    </message>
    <message>
        <source>The same rows as straight lines from origin to destination (for a quick map).</source>
        <translation>Les mêmes lignes sous forme de segments droits de l'origine à la destination (pour une carte rapide).</translation>
    </message>
    <message>
        <source>Skipped for empty or invalid geometry: {0} origin(s), {1} destination(s).</source>
        <translation>Ignorées pour géométrie vide ou invalide : {0} origine(s), {1} destination(s).</translation>
    </message>
    <message>
        <source>The origin layer has no usable feature.</source>
        <translation>La couche d'origines n'a aucune entité utilisable.</translation>
    </message>
    <message>
        <source>The destination layer has no usable feature.</source>
        <translation>La couche de destinations n'a aucune entité utilisable.</translation>
    </message>
    <message>
        <source>Routing {0} origins × {1} destinations, {2} origins at a time…</source>
        <translation>Calcul d'itinéraires pour {0} origines × {1} destinations, par lots de {2} origines…</translation>
    </message>
    <message>
        <source>{0} pairs written; {1} of {2} origins reach at least one destination.</source>
        <translation>{0} couples écrits ; {1} origines sur {2} atteignent au moins une destination.</translation>
    </message>
    <message>
        <source>Drive time and network distance of every origin–destination pair within {0} (bounded searches by chunks of origins), keeping the {1} fastest destinations per origin.</source>
        <translation>Temps de trajet en voiture et distance sur le réseau de chaque couple origine–destination (limite : {0} ; recherches bornées par lots d'origines), en gardant pour chaque origine les destinations les plus rapides (nombre : {1}).</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>all</source>
        <translation>toutes</translation>
    </message>
</context>
<context>
    <name>PublishAlgorithm</name>
    <message>
        <source>Publish as open data (GeoPackage, CSV, uMap, DCAT-AP)</source>
        <translation>Publier en données ouvertes (GeoPackage, CSV, uMap, DCAT-AP)</translation>
    </message>
    <message>
        <source>Layers to publish</source>
        <translation>Couches à publier</translation>
    </message>
    <message>
        <source>Vigie outputs (travel times, coverage per commune, basket…). Each is published with its style, its provenance and its sources; counts of 200 m cells under 11 households are withheld.</source>
        <translation>Résultats Vigie (temps de trajet, couverture par commune, panier…). Chacun est publié avec son style, sa provenance et ses sources ; les effectifs des carreaux de 200 m de moins de 11 ménages ne sont pas publiés.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Access to services</source>
        <translation>Accès aux services</translation>
    </message>
    <message>
        <source>Title of the dataset, e.g. &quot;Accès aux médecins généralistes, CC du Champsaur&quot;.</source>
        <translation>Titre du jeu de données, par exemple « Accès aux médecins généralistes, CC du Champsaur ».</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisme</translation>
    </message>
    <message>
        <source>Publisher of the data. Leave empty to use the organisation set in the Vigie settings.</source>
        <translation>Producteur des données. Laisser vide pour utiliser l'organisation des réglages de Vigie.</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Licence of the package. When an input is under the ODbL (OpenStreetMap roads, SNCF timetables…), the package is published under the ODbL whatever is chosen here: derived data stay ODbL.</source>
        <translation>Licence du paquet. Quand une donnée d'entrée est sous ODbL (routes OpenStreetMap, horaires SNCF…), le paquet est publié sous ODbL quel que soit ce choix : les données dérivées restent sous ODbL.</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>E-mail address or web page for questions about the data.</source>
        <translation>Adresse électronique ou page web pour les questions sur les données.</translation>
    </message>
    <message>
        <source>Package folder (or .zip)</source>
        <translation>Dossier du paquet (ou .zip)</translation>
    </message>
    <message>
        <source>Folder written with every file of the package, or a file name ending in .zip for one archive. It is written whole or not at all.</source>
        <translation>Dossier où sont écrits tous les fichiers du paquet, ou nom de fichier en .zip pour une archive. Il est écrit en entier ou pas du tout.</translation>
    </message>
    <message>
        <source>uMap map file</source>
        <translation>Fichier de carte uMap</translation>
    </message>
    <message>
        <source>DCAT-AP metadata</source>
        <translation>Métadonnées DCAT-AP</translation>
    </message>
    <message>
        <source>No vector layer to publish: give at least one layer in LAYERS.</source>
        <translation>Aucune couche vecteur à publier : donnez au moins une couche dans LAYERS.</translation>
    </message>
    <message>
        <source>TITLE is empty: give the title of the dataset.</source>
        <translation>TITLE est vide : donnez le titre du jeu de données.</translation>
    </message>
    <message>
        <source>No ORGANISATION given nor set in the Vigie settings: the publisher is left unnamed.</source>
        <translation>Aucune ORGANISATION donnée ni réglée dans Vigie : le producteur n'est pas nommé.</translation>
    </message>
    <message>
        <source>The folder of OUTPUT_FOLDER does not exist: {0}. Create it or choose another path.</source>
        <translation>Le dossier de OUTPUT_FOLDER n'existe pas : {0}. Créez-le ou choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>OUTPUT_FOLDER {0} is an existing file: give a folder or a name ending in .zip.</source>
        <translation>OUTPUT_FOLDER {0} est un fichier existant : donnez un dossier ou un nom en .zip.</translation>
    </message>
    <message>
        <source>The package is published under the ODbL, not {0}: it derives from ODbL data ({1}), which must be shared alike.</source>
        <translation>Le paquet est publié sous ODbL, et non sous {0} : il dérive de données sous ODbL ({1}), à partager à l'identique.</translation>
    </message>
    <message>
        <source>The licence of the source &quot;{0}&quot; is not stated: check it before publishing.</source>
        <translation>La licence de la source « {0} » n'est pas indiquée : vérifiez-la avant de publier.</translation>
    </message>
    <message>
        <source>Canceled: no package was written.</source>
        <translation>Annulé : aucun paquet n'a été écrit.</translation>
    </message>
    <message>
        <source>Package written: {0}</source>
        <translation>Paquet écrit : {0}</translation>
    </message>
    <message>
        <source>Publishing {0} as {1}</source>
        <translation>Publication de {0} sous le nom {1}</translation>
    </message>
    <message>
        <source>{0}: counts withheld in {1} of {2} cells (fewer than {3} households).</source>
        <translation>{0} : effectifs masqués dans {1} carreaux sur {2} (moins de {3} ménages).</translation>
    </message>
    <message>
        <source>What the dataset shows. Leave empty to describe the method in plain French words from the layers&apos; provenance.</source>
        <translation>Ce que montre le jeu de données. Laisser vide pour décrire la méthode en mots simples, en français, à partir de la provenance des couches.</translation>
    </message>
</context>
<context>
    <name>ReportAlgorithm</name>
    <message>
        <source>Diagnostic report (PDF)</source>
        <translation>Rapport de diagnostic (PDF)</translation>
    </message>
    <message>
        <source>Coverage per commune</source>
        <translation>Couverture par commune</translation>
    </message>
    <message>
        <source>Output of vigie:coverage per commune (pop_total, pop_le_&lt;T&gt;, share_le_&lt;T&gt;, TOTAL row): key figures and the table per commune are read from it.</source>
        <translation>Sortie de vigie:coverage par commune (pop_total, pop_le_&lt;T&gt;, share_le_&lt;T&gt;, ligne TOTAL) : les chiffres clés et le tableau par commune en sont tirés.</translation>
    </message>
    <message>
        <source>Layers of the map</source>
        <translation>Couches de la carte</translation>
    </message>
    <message>
        <source>Layers drawn on the map page with their style. Leave empty to map the coverage per commune.</source>
        <translation>Couches dessinées sur la page de carte avec leur style. Laisser vide pour cartographier la couverture par commune.</translation>
    </message>
    <message>
        <source>Commune name field</source>
        <translation>Champ du nom de commune</translation>
    </message>
    <message>
        <source>Name printed in the table (default: nom, name, libelle… when present).</source>
        <translation>Nom imprimé dans le tableau (par défaut : nom, name, libelle… s'il existe).</translation>
    </message>
    <message>
        <source>Threshold of the table (minutes)</source>
        <translation>Seuil du tableau (minutes)</translation>
    </message>
    <message>
        <source>Communes are sorted by the share of their inhabitants within this time; it must be one of the thresholds of the coverage table (default: the middle one).</source>
        <translation>Les communes sont triées selon la part de leurs habitants à ce temps ou moins ; ce doit être un des seuils de la table de couverture (par défaut : celui du milieu).</translation>
    </message>
    <message>
        <source>Highlight communes under (%)</source>
        <translation>Surligner les communes sous (%)</translation>
    </message>
    <message>
        <source>Communes where fewer inhabitants than this share are within the threshold are highlighted.</source>
        <translation>Les communes dont la part des habitants sous le seuil est inférieure à cette valeur sont surlignées.</translation>
    </message>
    <message>
        <source>Title of the report, e.g. &quot;Accès aux médecins généralistes&quot;.</source>
        <translation>Titre du rapport, par exemple « Accès aux médecins généralistes ».</translation>
    </message>
    <message>
        <source>The territory, e.g. &quot;Communauté de communes du Champsaur-Valgaudemar&quot;.</source>
        <translation>Le territoire, par exemple « Communauté de communes du Champsaur-Valgaudemar ».</translation>
    </message>
    <message>
        <source>One source per line. Leave empty to print those recorded in the layers&apos; metadata.</source>
        <translation>Une source par ligne. Laissez vide pour imprimer celles enregistrées dans les métadonnées des couches.</translation>
    </message>
    <message>
        <source>Who made the report. Leave empty to use the organisation set in the Vigie settings.</source>
        <translation>Qui a réalisé le rapport. Laisser vide pour utiliser l'organisation des réglages de Vigie.</translation>
    </message>
    <message>
        <source>Image printed on the cover.</source>
        <translation>Image imprimée sur la couverture.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Language of the printed report.</source>
        <translation>Langue du rapport imprimé.</translation>
    </message>
    <message>
        <source>Resolution of raster layers in the PDF.</source>
        <translation>Résolution des couches raster dans le PDF.</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>Fichier PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The report, all pages in one PDF.</source>
        <translation>Le rapport, toutes les pages dans un PDF.</translation>
    </message>
    <message>
        <source>COVERAGE does not look like a vigie:coverage table (no pop_total and pop_le_&lt;minutes&gt; fields): run vigie:coverage per commune first.</source>
        <translation>COVERAGE ne ressemble pas à une table de vigie:coverage (pas de champs pop_total et pop_le_&lt;minutes&gt;) : lancez d'abord vigie:coverage par commune.</translation>
    </message>
    <message>
        <source>Give LAYERS: COVERAGE has no commune outlines to map.</source>
        <translation>Donnez LAYERS : COVERAGE n'a pas de contours de communes à cartographier.</translation>
    </message>
    <message>
        <source>THRESHOLD {0} is not a threshold of COVERAGE ({1}): choose one of them.</source>
        <translation>THRESHOLD {0} n'est pas un seuil de COVERAGE ({1}) : choisissez-en un.</translation>
    </message>
    <message>
        <source>the layers hold no feature</source>
        <translation>les couches ne contiennent aucune entité</translation>
    </message>
    <message>
        <source>Writing {0}</source>
        <translation>Écriture de {0}</translation>
    </message>
    <message>
        <source>Coverage of other services</source>
        <translation>Couverture d'autres services</translation>
    </message>
    <message>
        <source>More outputs of vigie:coverage, one per service or for the basket: each adds its key figures, titled with the layer&apos;s name. The map and the table per commune show COVERAGE.</source>
        <translation>D'autres sorties de vigie:coverage, une par service ou pour le panier : chacune ajoute ses chiffres clés, sous le nom de sa couche. La carte et le tableau par commune montrent COVERAGE.</translation>
    </message>
    <message>
        <source>OTHER_SERVICES: {0} is not a vigie:coverage table (no pop_total, pop_le_&lt;minutes&gt;).</source>
        <translation>OTHER_SERVICES : {0} n'est pas une table de vigie:coverage (pas de pop_total, pop_le_&lt;minutes&gt;).</translation>
    </message>
</context>
<context>
    <name>RoadTravelTimeAlgorithm</name>
    <message>
        <source>Road travel time to the nearest service</source>
        <translation>Temps de trajet routier vers le service le plus proche</translation>
    </message>
    <message>
        <source>Drive time from every origin to its nearest destination, in one pass over the road graph.</source>
        <translation>Temps de trajet en voiture de chaque origine vers la destination la plus proche, en un seul parcours du graphe routier.</translation>
    </message>
    <message>
        <source>Points of the services: doctors, pharmacies, crèches, hospitals…</source>
        <translation>Points des services : médecins, pharmacies, crèches, hôpitaux…</translation>
    </message>
    <message>
        <source>Copied into dest_id for the nearest destination; the feature id when empty.</source>
        <translation>Copié dans dest_id pour la destination la plus proche ; l'identifiant de l'entité s'il est vide.</translation>
    </message>
    <message>
        <source>Origins farther than this get NULL times. A limit also makes the search faster.</source>
        <translation>Les origines plus éloignées reçoivent un temps NULL. Une limite accélère aussi la recherche.</translation>
    </message>
    <message>
        <source>Speed on the straight legs between a point and the nearest point of the road. 0 ignores them, like QGIS&apos;s shortest path algorithms; 5 is walking.</source>
        <translation>Vitesse sur les segments en ligne droite entre un point et le point le plus proche de la route. 0 les ignore, comme les algorithmes de plus court chemin de QGIS ; 5 correspond à la marche.</translation>
    </message>
    <message>
        <source>Road travel time</source>
        <translation>Temps de trajet routier</translation>
    </message>
    <message>
        <source>The origins with time_min, net_time_min, dist_m, snap_m and dest_id.</source>
        <translation>Les origines avec time_min, net_time_min, dist_m, snap_m et dest_id.</translation>
    </message>
    <message>
        <source>Searching the nearest of {0} destinations for {1} origins…</source>
        <translation>Recherche de la plus proche des {0} destinations pour {1} origines…</translation>
    </message>
    <message>
        <source>Drive time from each origin to its nearest destination over the road network (speed profile {0}), one multi-source shortest-path search; time_min = access legs + network time, NULL where no destination is reached.</source>
        <translation>Temps de trajet en voiture de chaque origine vers la destination la plus proche sur le réseau routier (profil de vitesse {0}), en une recherche de plus court chemin multi-sources ; time_min = approches + temps sur le réseau, NULL si aucune destination n'est atteinte.</translation>
    </message>
    <message>
        <source>{0} origins reach a destination.</source>
        <translation>{0} origines atteignent une destination.</translation>
    </message>
    <message>
        <source>{0} origins reach no destination within {1} minutes (NULL in the output).</source>
        <translation>{0} origines n'atteignent aucune destination en moins de {1} minutes (NULL dans la sortie).</translation>
    </message>
    <message>
        <source>{0} origins cannot reach any destination: the road network has {1} separate parts (NULL in the output).</source>
        <translation>{0} origines ne peuvent atteindre aucune destination : le réseau routier compte {1} parties séparées (NULL dans la sortie).</translation>
    </message>
    <message>
        <source>{0} origins are more than {1} m from the nearest road.</source>
        <translation>{0} origines sont à plus de {1} m de la route la plus proche.</translation>
    </message>
</context>
<context>
    <name>ServiceBasketAlgorithm</name>
    <message>
        <source>Service basket: time to the nearest of each service</source>
        <translation>Panier de services : temps vers le plus proche de chaque service</translation>
    </message>
    <message>
        <source>Time from every origin to the nearest service of each category of a basket (INSEE&apos;s everyday basket, a BPE range), the basket mean and the share of people far from it, per area.</source>
        <translation>Temps de chaque origine vers le service le plus proche de chaque catégorie d'un panier (panier de la vie courante de l'Insee, gamme de la BPE), temps moyen au panier et part de la population éloignée, par zone.</translation>
    </message>
    <message>
        <source>INSEE basket of everyday services (panier de la vie courante)</source>
        <translation>Panier de la vie courante (Insee)</translation>
    </message>
    <message>
        <source>BPE local range (gamme de proximité)</source>
        <translation>Gamme de proximité de la BPE</translation>
    </message>
    <message>
        <source>BPE intermediate range (gamme intermédiaire)</source>
        <translation>Gamme intermédiaire de la BPE</translation>
    </message>
    <message>
        <source>BPE upper range (gamme supérieure)</source>
        <translation>Gamme supérieure de la BPE</translation>
    </message>
    <message>
        <source>Every category present in the services</source>
        <translation>Toutes les catégories présentes dans les services</translation>
    </message>
    <message>
        <source>Population field</source>
        <translation>Champ de population</translation>
    </message>
    <message>
        <source>Number of people of each origin, used for the per-area figures (NULL counts as 0).</source>
        <translation>Nombre d'habitants de chaque origine, pour les chiffres par zone (NULL compte pour 0).</translation>
    </message>
    <message>
        <source>Services (points)</source>
        <translation>Services (points)</translation>
    </message>
    <message>
        <source>Service points of every category, e.g. the BPE equipment of the territory and a buffer around it (vigie:fetchbpe).</source>
        <translation>Points de services de toutes les catégories, par exemple les équipements BPE du territoire et d'une zone tampon autour (vigie:fetchbpe).</translation>
    </message>
    <message>
        <source>Category field</source>
        <translation>Champ de catégorie</translation>
    </message>
    <message>
        <source>Field holding each service&apos;s category: the BPE TYPEQU code for the INSEE basket and BPE ranges.</source>
        <translation>Champ portant la catégorie de chaque service : le code TYPEQU de la BPE pour le panier de l'Insee et les gammes de la BPE.</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Panier</translation>
    </message>
    <message>
        <source>Which categories make the basket: INSEE's 22 everyday services (Insee Première n° 1579), one BPE range, or every category found in the services. CATEGORIES overrides it.</source>
        <translation>Catégories qui composent le panier : les 22 services de la vie courante de l'Insee (Insee Première n° 1579), une gamme de la BPE, ou toutes les catégories présentes dans les services. CATEGORIES le remplace.</translation>
    </message>
    <message>
        <source>Categories (explicit list, overrides the basket)</source>
        <translation>Catégories (liste explicite, remplace le panier)</translation>
    </message>
    <message>
        <source>Category values separated by commas, e.g. D201,D301,B203; each one is a category of the basket.</source>
        <translation>Valeurs de catégorie séparées par des virgules, par exemple D201,D301,B203 ; chacune est une catégorie du panier.</translation>
    </message>
    <message>
        <source>&apos;Far&apos; threshold of the basket mean (minutes)</source>
        <translation>Seuil « éloigné » du temps moyen au panier (minutes)</translation>
    </message>
    <message>
        <source>A person is 'far' (éloigné) when the basket mean exceeds it: 7 minutes for INSEE's basket.</source>
        <translation>Une personne est « éloignée » quand le temps moyen au panier dépasse ce seuil : 7 minutes pour le panier de l'Insee.</translation>
    </message>
    <message>
        <source>Count thresholds (minutes)</source>
        <translation>Seuils de dénombrement (minutes)</translation>
    </message>
    <message>
        <source>n_within_&lt;T&gt; counts the basket&apos;s services reached within T minutes; increasing minutes.</source>
        <translation>n_within_&lt;T&gt; compte les services du panier atteints en T minutes au plus ; minutes croissantes.</translation>
    </message>
    <message>
        <source>Services farther than this are not reached (NULL time; the basket mean is then unknown).</source>
        <translation>Les services plus éloignés ne sont pas atteints (temps NULL ; le temps moyen au panier est alors inconnu).</translation>
    </message>
    <message>
        <source>Areas (communes, EPCI…)</source>
        <translation>Territoires (communes, EPCI…)</translation>
    </message>
    <message>
        <source>Polygons to aggregate into; an origin cell straddling a boundary is split by area.</source>
        <translation>Polygones d'agrégation ; un carreau à cheval sur une limite est partagé entre les zones.</translation>
    </message>
    <message>
        <source>Area identifier field</source>
        <translation>Champ identifiant des zones</translation>
    </message>
    <message>
        <source>Field of AREAS copied into area_id (e.g. the commune code); the feature id when empty.</source>
        <translation>Champ de AREAS recopié dans area_id (par exemple le code commune) ; l'identifiant de l'entité si vide.</translation>
    </message>
    <message>
        <source>Service basket (origins)</source>
        <translation>Panier de services (origines)</translation>
    </message>
    <message>
        <source>The origins with t_&lt;category&gt;, basket_mean_min, basket_max_min, n_within_&lt;T&gt; and far.</source>
        <translation>Les origines avec t_&lt;catégorie&gt;, basket_mean_min, basket_max_min, n_within_&lt;T&gt; et far.</translation>
    </message>
    <message>
        <source>Service basket per area</source>
        <translation>Panier de services par zone</translation>
    </message>
    <message>
        <source>Per area and for the whole territory (row TOTAL): population-weighted mean and median of each time, share of the population far from the basket, population per class of basket mean.</source>
        <translation>Par zone et pour tout le territoire (ligne TOTAL) : moyenne et médiane de chaque temps pondérées par la population, part de la population éloignée du panier, population par classe de temps moyen au panier.</translation>
    </message>
    <message>
        <source>explicit list</source>
        <translation>liste explicite</translation>
    </message>
    <message>
        <source>BASKET: the BPE range tables are not installed with this version of Vigie. Choose INSEE&apos;s basket, or list the codes in CATEGORIES.</source>
        <translation>BASKET : les tables de gammes de la BPE ne sont pas installées avec cette version de Vigie. Choisissez le panier de l'Insee, ou listez les codes dans CATEGORIES.</translation>
    </message>
    <message>
        <source>{0} service point(s) are of no category of the basket.</source>
        <translation>{0} point(s) de service n'appartiennent à aucune catégorie du panier.</translation>
    </message>
    <message>
        <source>Reading the services…</source>
        <translation>Lecture des services…</translation>
    </message>
    <message>
        <source>{0} service point(s) skipped: empty or invalid geometry.</source>
        <translation>{0} point(s) de service ignorés : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>SERVICES: no service point belongs to the basket (field {0}). Check CATEGORY_FIELD (BPE TYPEQU codes for INSEE&apos;s basket and the BPE ranges) or list the categories in CATEGORIES.</source>
        <translation>SERVICES : aucun point de service n'appartient au panier (champ {0}). Vérifiez CATEGORY_FIELD (codes TYPEQU de la BPE pour le panier de l'Insee et les gammes) ou listez les catégories dans CATEGORIES.</translation>
    </message>
    <message>
        <source>Searching the nearest service of {0} categories for {1} origins…</source>
        <translation>Recherche du service le plus proche de {0} catégories pour {1} origines…</translation>
    </message>
    <message>
        <source>{0} categories of the basket have no service point in SERVICES (absent from the territory and its buffer): {1}. They are left out of the basket mean, not counted as 0.</source>
        <translation>{0} catégories du panier n'ont aucun point dans SERVICES (absentes du territoire et de sa zone tampon) : {1}. Elles sont exclues du temps moyen au panier, pas comptées 0.</translation>
    </message>
    <message>
        <source>{0} origins do not reach every category of the basket (beyond MAX_TIME or on a separate part of the network): their basket mean is NULL.</source>
        <translation>{0} origines n'atteignent pas toutes les catégories du panier (au-delà de MAX_TIME ou sur une partie séparée du réseau) : leur temps moyen au panier est NULL.</translation>
    </message>
    <message>
        <source>Service basket</source>
        <translation>Panier de services</translation>
    </message>
    <message>
        <source>Drive time from each origin to the nearest service of each category of the basket (t_&lt;category&gt;), their mean (basket_mean_min, INSEE&apos;s definition) and maximum, the number reached within each threshold, and far = 1 when the mean exceeds {0} min. Categories absent from the services: {1}.</source>
        <translation>Temps en voiture de chaque origine vers le service le plus proche de chaque catégorie du panier (t_&lt;catégorie&gt;), leur moyenne (basket_mean_min, définition de l'Insee) et leur maximum, le nombre atteint sous chaque seuil, et far = 1 quand la moyenne dépasse {0} min. Catégories absentes des services : {1}.</translation>
    </message>
    <message>
        <source>Whole territory: basket mean {0} min on average, {1} % of {2} people far from the basket.</source>
        <translation>Territoire entier : temps moyen au panier de {0} min en moyenne, {1} % des {2} habitants éloignés du panier.</translation>
    </message>
    <message>
        <source>Per area and for the whole territory (row TOTAL): population-weighted mean (mean_*) and median (med_*) of each time, population far from the basket (pop_far, share_far in % of the people whose mean is known), pop_unknown, population per class of basket mean. Cells straddling a boundary are split.</source>
        <translation>Par zone et pour tout le territoire (ligne TOTAL) : moyenne (mean_*) et médiane (med_*) de chaque temps pondérées par la population, population éloignée du panier (pop_far, share_far en % des habitants dont la moyenne est connue), pop_unknown, population par classe de temps moyen au panier. Les carreaux à cheval sur une limite sont partagés.</translation>
    </message>
    <message>
        <source>BASKET: {0}. Give that table in RANGE_TABLE, or list the codes of the range in CATEGORIES.</source>
        <translation>BASKET : {0}. Donnez cette table dans RANGE_TABLE, ou listez les codes de la gamme dans CATEGORIES.</translation>
    </message>
    <message>
        <source>BPE_EDITION / RANGE_TABLE: {0}. Leave BPE_EDITION empty for the latest edition.</source>
        <translation>BPE_EDITION / RANGE_TABLE : {0}. Laissez BPE_EDITION vide pour l'édition la plus récente.</translation>
    </message>
    <message>
        <source>BPE edition of the services</source>
        <translation>Édition de la BPE des équipements</translation>
    </message>
    <message>
        <source>Edition (year) of the services&apos; BPE. INSEE&apos;s basket then reads the codes of that edition (INSEE renumbered them in 2023) and a BPE range the table of that edition. Empty: the basket takes the codes of every edition, a range the latest edition Vigie knows.</source>
        <translation>Édition (année) de la BPE des équipements. Le panier de l'Insee lit alors les codes de cette édition (l'Insee les a renumérotés en 2023) et une gamme de la BPE la table de cette édition. Vide : le panier prend les codes de toutes les éditions, une gamme la dernière édition connue de Vigie.</translation>
    </message>
    <message>
        <source>BPE_EDITION: {0}.</source>
        <translation>BPE_EDITION : {0}.</translation>
    </message>
    <message>
        <source>INSEE&apos;s basket: no BPE code of this edition is known for {0}; the basket mean is over the {1} other services. List every code in CATEGORIES to add it.</source>
        <translation>Panier de l'Insee : aucun code BPE de cette édition n'est connu pour {0} ; la moyenne du panier porte sur les {1} autres équipements. Listez tous les codes dans CATEGORIES pour l'ajouter.</translation>
    </message>
    <message>
        <source>INSEE table of BPE ranges (xlsx or CSV, optional)</source>
        <translation>Table Insee des gammes de la BPE (xlsx ou CSV, facultatif)</translation>
    </message>
    <message>
        <source>INSEE&apos;s table of ranges (*.xlsx *.csv)</source>
        <translation>Table Insee des gammes (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>INSEE's 'gammes d'équipements' table of the BPE edition, as downloaded from insee.fr (BPE_gammes_equipements_&lt;year&gt;.xlsx) or saved as CSV: a TYPEQU (or 'code équipement') column and a gamme column ('Gamme de proximité', 'intermédiaire', 'supérieure'); its groups (a school and its RPI classes, the kinds of post office) count as one service. The tables shipped with Vigie hold no ranges, because INSEE's lists could not be read when they were written (offline): give this table to ask for the ranges proximite, intermediaire or superieure by name. A territory kit keeps the table it was fetched with: a basket by range on the kit's services needs none.</source>
        <translation>Table Insee des « gammes d'équipements » du millésime de la BPE, telle que téléchargée sur insee.fr (BPE_gammes_equipements_&lt;année&gt;.xlsx) ou enregistrée en CSV : une colonne TYPEQU (ou « code équipement ») et une colonne gamme (« Gamme de proximité », « intermédiaire », « supérieure ») ; ses regroupements (une école et ses classes de RPI, les formes de bureau de poste) comptent pour un seul service. Les tables livrées avec Vigie ne contiennent aucune gamme, car les listes de l'Insee n'ont pu être lues à leur écriture (hors ligne) : donnez cette table pour demander les gammes proximite, intermediaire ou superieure par leur nom. Un kit de territoire garde la table avec laquelle il a été constitué : un panier par gamme sur les services du kit n'en demande aucune.</translation>
    </message>
</context>
<context>
    <name>ServicesScenarioAlgorithm</name>
    <message>
        <source>Service scenario: close or open services, before and after</source>
        <translation>Scénario de services : fermer ou ouvrir des services, avant et après</translation>
    </message>
    <message>
        <source>Who is farther or nearer from a service if some close and new sites open, on one road graph.</source>
        <translation>Qui est plus loin ou plus près d'un service si certains ferment et de nouveaux sites ouvrent, sur un même graphe routier.</translation>
    </message>
    <message>
        <source>Services today</source>
        <translation>Services aujourd'hui</translation>
    </message>
    <message>
        <source>Points of the services as they are today (doctors, France services, schools…).</source>
        <translation>Points des services tels qu'ils sont aujourd'hui (médecins, France services, écoles…).</translation>
    </message>
    <message>
        <source>Service identifier field</source>
        <translation>Champ identifiant des services</translation>
    </message>
    <message>
        <source>Copied into dest_before and dest_after; the feature id when empty. New sites are named new-&lt;id&gt;.</source>
        <translation>Copié dans dest_before et dest_after ; l'identifiant de l'entité si vide. Les nouveaux sites sont nommés new-&lt;id&gt;.</translation>
    </message>
    <message>
        <source>Services that close (expression)</source>
        <translation>Services qui ferment (expression)</translation>
    </message>
    <message>
        <source>Services for which this expression is true close, e.g. &quot;commune&quot; = &apos;Saint-Bonnet&apos;.</source>
        <translation>Les services pour lesquels cette expression est vraie ferment, par exemple &quot;commune&quot; = 'Saint-Bonnet'.</translation>
    </message>
    <message>
        <source>Close the selected services</source>
        <translation>Fermer les services sélectionnés</translation>
    </message>
    <message>
        <source>The features selected in the services layer close (with the expression&apos;s, if any).</source>
        <translation>Les entités sélectionnées dans la couche des services ferment (en plus de celles de l'expression, s'il y en a une).</translation>
    </message>
    <message>
        <source>New sites that open</source>
        <translation>Nouveaux sites qui ouvrent</translation>
    </message>
    <message>
        <source>Points of the services that would open; none when empty.</source>
        <translation>Points des services qui ouvriraient ; aucun si vide.</translation>
    </message>
    <message>
        <source>Thresholds (minutes)</source>
        <translation>Seuils (minutes)</translation>
    </message>
    <message>
        <source>Strictly increasing minutes: the population crossing each threshold is counted.</source>
        <translation>Minutes strictement croissantes : la population qui franchit chaque seuil est comptée.</translation>
    </message>
    <message>
        <source>Areas (communes, EPCI…)</source>
        <translation>Zones (communes, EPCI…)</translation>
    </message>
    <message>
        <source>Polygons for the figures per area; an origin counts in the area holding its centre.</source>
        <translation>Polygones des chiffres par zone ; une origine compte dans la zone qui contient son centre.</translation>
    </message>
    <message>
        <source>Area name or code field</source>
        <translation>Champ nom ou code de la zone</translation>
    </message>
    <message>
        <source>Copied into area_id; the feature id when empty.</source>
        <translation>Copié dans area_id ; l'identifiant de l'entité si vide.</translation>
    </message>
    <message>
        <source>Origins farther than this get NULL times, before and after. 0 = no limit.</source>
        <translation>Les origines plus éloignées reçoivent des temps vides, avant et après. 0 = sans limite.</translation>
    </message>
    <message>
        <source>Scenario per origin</source>
        <translation>Scénario par origine</translation>
    </message>
    <message>
        <source>The origins with time_before, time_after, delta_min (minutes), dest_before and dest_after.</source>
        <translation>Les origines avec time_before, time_after, delta_min (minutes), dest_before et dest_after.</translation>
    </message>
    <message>
        <source>Scenario per area</source>
        <translation>Scénario par zone</translation>
    </message>
    <message>
        <source>Per area and for the whole territory (TOTAL): population crossing each threshold, mean change…</source>
        <translation>Par zone et pour l'ensemble du territoire (TOTAL) : population qui franchit chaque seuil, variation moyenne…</translation>
    </message>
    <message>
        <source>{0} new sites skipped: empty or invalid geometry.</source>
        <translation>{0} nouveaux sites ignorés : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>{0} of {1} services close, {2} new sites open.</source>
        <translation>{0} services sur {1} ferment, {2} nouveaux sites ouvrent.</translation>
    </message>
    <message>
        <source>No service closes and no site opens: after is the same as before.</source>
        <translation>Aucun service ne ferme et aucun site n'ouvre : après est identique à avant.</translation>
    </message>
    <message>
        <source>Searching the nearest service before and after for {0} origins…</source>
        <translation>Recherche du service le plus proche avant et après pour {0} origines…</translation>
    </message>
    <message>
        <source>Drive time to the nearest service before and after the scenario (closed services removed, new sites added), on one road graph (speed profile {0}); delta_min = after - before, negative = faster. Fixed speeds, no congestion.</source>
        <translation>Temps de trajet en voiture vers le service le plus proche avant et après le scénario (services fermés retirés, nouveaux sites ajoutés), sur un même graphe routier (profil de vitesse {0}) ; delta_min = après - avant, négatif = plus rapide. Vitesses fixes, sans congestion.</translation>
    </message>
    <message>
        <source>Service scenario: before and after</source>
        <translation>Scénario de services : avant et après</translation>
    </message>
    <message>
        <source>CLOSE_SELECTED needs SERVICES to be a layer of the project, with features selected.</source>
        <translation>CLOSE_SELECTED demande que SERVICES soit une couche du projet, avec des entités sélectionnées.</translation>
    </message>
    <message>
        <source>CLOSE_SELECTED is on but no service is selected: select the services that close.</source>
        <translation>CLOSE_SELECTED est coché mais aucun service n'est sélectionné : sélectionnez les services qui ferment.</translation>
    </message>
    <message>
        <source>CLOSE: the expression cannot be read ({0}). Fix it in the expression builder.</source>
        <translation>CLOSE : l'expression est illisible ({0}). Corrigez-la dans le constructeur d'expression.</translation>
    </message>
    <message>
        <source>CLOSE: the expression fails on service {0} ({1}).</source>
        <translation>CLOSE : l'expression échoue sur le service {0} ({1}).</translation>
    </message>
    <message>
        <source>AREAS has no polygon to aggregate into.</source>
        <translation>AREAS ne contient aucun polygone où agréger.</translation>
    </message>
    <message>
        <source>After the scenario no origin reaches any service: every time_after is NULL.</source>
        <translation>Après le scénario, aucune origine n'atteint de service : tous les time_after sont vides.</translation>
    </message>
    <message>
        <source>{0} origins ({1} people) reach no service any more after the scenario.</source>
        <translation>{0} origines ({1} habitants) n'atteignent plus aucun service après le scénario.</translation>
    </message>
    <message>
        <source>CLOSE: the expression uses {0}, which SERVICES does not have. Fields: {1}.</source>
        <translation>CLOSE : l'expression utilise {0}, que SERVICES n'a pas. Champs : {1}.</translation>
    </message>
    <message>
        <source>CLOSE matches no service: none closes.</source>
        <translation>CLOSE ne désigne aucun service : aucun ne ferme.</translation>
    </message>
    <message>
        <source>{0} people get another nearest service; population-weighted mean change {1} min.</source>
        <translation>{0} habitants changent de service le plus proche ; variation moyenne pondérée par la population : {1} min.</translation>
    </message>
    <message>
        <source>{0} min: {1} people cross it outward, {2} inward.</source>
        <translation>{0} min : {1} habitants franchissent ce seuil vers l'extérieur, {2} vers l'intérieur.</translation>
    </message>
</context>
<context>
    <name>TransitTravelTimeAlgorithm</name>
    <message>
        <source>Public transport travel time to the nearest service</source>
        <translation>Temps de trajet en transport en commun vers le service le plus proche</translation>
    </message>
    <message>
        <source>Earliest arrival by timetable at the nearest destination for every departure minute of a window, walking access and transfers included.</source>
        <translation>Arrivée au plus tôt selon les horaires à la destination la plus proche, pour chaque minute de départ d'une plage horaire, marche d'accès et correspondances comprises.</translation>
    </message>
    <message>
        <source>Points of the services: doctors, pharmacies, crèches, hospitals…</source>
        <translation>Points des services : médecins, pharmacies, crèches, hôpitaux…</translation>
    </message>
    <message>
        <source>Copied into dest_id for the destination of the fastest journey; the feature id when empty.</source>
        <translation>Copié dans dest_id pour la destination du trajet le plus rapide ; l'identifiant de l'entité s'il est vide.</translation>
    </message>
    <message>
        <source>Departure step (minutes)</source>
        <translation>Pas entre les départs (minutes)</translation>
    </message>
    <message>
        <source>One departure every N minutes.</source>
        <translation>Un départ toutes les N minutes.</translation>
    </message>
    <message>
        <source>Walking speed (km/h)</source>
        <translation>Vitesse de marche (km/h)</translation>
    </message>
    <message>
        <source>Speed of every walk.</source>
        <translation>Vitesse de chaque trajet à pied.</translation>
    </message>
    <message>
        <source>Walking detour factor</source>
        <translation>Coefficient de détour à pied</translation>
    </message>
    <message>
        <source>Walked distance = straight-line distance × this factor (streets are not straight).</source>
        <translation>Distance marchée = distance à vol d'oiseau × ce coefficient (les rues ne sont pas droites).</translation>
    </message>
    <message>
        <source>Maximum walk to or from a stop (m)</source>
        <translation>Marche maximale vers ou depuis un arrêt (m)</translation>
    </message>
    <message>
        <source>Longest walked distance (detour included) from the origin, to the destination, or direct.</source>
        <translation>Plus longue distance à pied (détour compris) depuis l'origine, jusqu'à la destination, ou en trajet direct.</translation>
    </message>
    <message>
        <source>Maximum distance between stops for a transfer (m)</source>
        <translation>Distance maximale entre arrêts pour une correspondance (m)</translation>
    </message>
    <message>
        <source>Stops at most this far apart (straight line) are linked by a walk; stops of one station and the transfers of transfers.txt are always linked.</source>
        <translation>Les arrêts distants d'au plus cette valeur (à vol d'oiseau) sont reliés à pied ; les arrêts d'une même station et les correspondances de transfers.txt sont toujours reliés.</translation>
    </message>
    <message>
        <source>Maximum number of transfers</source>
        <translation>Nombre maximal de correspondances</translation>
    </message>
    <message>
        <source>0 means a single vehicle.</source>
        <translation>0 signifie un seul véhicule.</translation>
    </message>
    <message>
        <source>Maximum travel time (minutes)</source>
        <translation>Temps de trajet maximal (minutes)</translation>
    </message>
    <message>
        <source>Departures arriving later count as not reaching; time_min is NULL when fewer than half arrive.</source>
        <translation>Les départs qui arrivent plus tard comptent comme n'atteignant pas la destination ; time_min est NULL si moins de la moitié arrivent.</translation>
    </message>
    <message>
        <source>Public transport travel time</source>
        <translation>Temps de trajet en transport en commun</translation>
    </message>
    <message>
        <source>The origins with time_min (median), best_min, reach_share and dest_id.</source>
        <translation>Les origines avec time_min (médiane), best_min, reach_share et dest_id.</translation>
    </message>
    <message>
        <source>The departure step must be more than 0 minutes.</source>
        <translation>Le pas entre les départs doit être supérieur à 0 minute.</translation>
    </message>
    <message>
        <source>The walking speed must be more than 0 km/h.</source>
        <translation>La vitesse de marche doit être supérieure à 0 km/h.</translation>
    </message>
    <message>
        <source>The walking detour factor must be at least 1.</source>
        <translation>Le coefficient de détour à pied doit valoir au moins 1.</translation>
    </message>
    <message>
        <source>{0} departures in the window: use a larger departure step.</source>
        <translation>{0} départs dans la plage horaire : augmentez le pas entre les départs.</translation>
    </message>
    <message>
        <source>Timetable search: {0} origins, {1} destinations, {2} departures from {3} to {4}…</source>
        <translation>Recherche dans les horaires : {0} origines, {1} destinations, {2} départs de {3} à {4}…</translation>
    </message>
    <message>
        <source>{0} connections scanned, {1} stop profile entries.</source>
        <translation>{0} connexions parcourues, {1} entrées de profils d'arrêts.</translation>
    </message>
    <message>
        <source>{0} of {1} origins reach a destination within {2} minutes for at least half the departures.</source>
        <translation>{0} origines sur {1} atteignent une destination en moins de {2} minutes pour au moins la moitié des départs.</translation>
    </message>
    <message>
        <source>No vehicle runs in the departure window on this date: only walking journeys are counted.</source>
        <translation>Aucun véhicule ne circule dans la plage de départ à cette date : seuls les trajets à pied sont comptés.</translation>
    </message>
    <message>
        <source>For every departure minute of the window, the earliest arrival at the nearest destination by the GTFS timetable (profile connection scan), walking access, transfers and final walk included. time_min = median over the window (NULL when fewer than half the departures arrive within the maximum time), best_min = fastest, reach_share = share of departures arriving in time, dest_id = destination of the fastest journey.</source>
        <translation>Pour chaque minute de départ de la plage horaire, l'arrivée au plus tôt à la destination la plus proche selon les horaires GTFS (profile connection scan), marche d'accès, correspondances et marche finale comprises. time_min = médiane sur la plage (NULL si moins de la moitié des départs arrivent dans le temps maximal), best_min = le plus rapide, reach_share = part des départs arrivant à temps, dest_id = destination du trajet le plus rapide.</translation>
    </message>
</context>
<context>
    <name>VigieAlgorithm</name>
    <message>
        <source>Fetch open data</source>
        <translation>Récupérer des données ouvertes</translation>
    </message>
    <message>
        <source>Travel time</source>
        <translation>Temps de trajet</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>Indicateurs</translation>
    </message>
    <message>
        <source>Maps</source>
        <translation>Cartes</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>{0} cannot be written: {1} fields, a GeoPackage holds at most {2}. {3}</source>
        <translation>{0} ne peut pas être écrit : {1} champs, un GeoPackage en contient au plus {2}. {3}</translation>
    </message>
    <message>
        <source>Ask for fewer columns.</source>
        <translation>Demandez moins de colonnes.</translation>
    </message>
    <message>
        <source>{0} was not written: {1}. The earlier file, if any, is unchanged.</source>
        <translation>{0} n'a pas été écrit : {1}. Le fichier précédent, s'il existe, est inchangé.</translation>
    </message>
    <message>
        <source>Not enough memory for {0}. Nothing was written. Try a smaller area or fewer features, or lower TOLERANCE / MAX_TIME.</source>
        <translation>Mémoire insuffisante pour {0}. Rien n'a été écrit. Essayez un territoire plus petit ou moins d'entités, ou réduisez TOLERANCE / MAX_TIME.</translation>
    </message>
    <message>
        <source>{0} failed: {1} ({2}). Nothing was written; the details are in the log (Vigie tab).</source>
        <translation>{0} a échoué : {1} ({2}). Rien n'a été écrit ; le détail est dans le journal (onglet Vigie).</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publier</translation>
    </message>
    <message>
        <source>{0} was interrupted (Ctrl-C). Nothing was written; an earlier file, if any, is unchanged.</source>
        <translation>{0} a été interrompu (Ctrl-C). Rien n'a été écrit ; le fichier précédent, s'il existe, est inchangé.</translation>
    </message>
</context>
<context>
    <name>VigieBridge</name>
    <message>
        <source>The layer given for {0} cannot be read.</source>
        <translation>La couche indiquée pour {0} est illisible.</translation>
    </message>
    <message>
        <source>The layer given for {0} has no coordinate reference system: set its CRS (Layer Properties ▸ Source) and run again.</source>
        <translation>La couche indiquée pour {0} n'a pas de système de coordonnées de référence : définissez son SCR (Propriétés de la couche ▸ Source) puis relancez.</translation>
    </message>
    <message>
        <source>The layer given for {0} has no feature: give a layer that holds some.</source>
        <translation>La couche indiquée pour {0} n'a aucune entité : indiquez une couche qui en contient.</translation>
    </message>
</context>
<context>
    <name>VigieChecks</name>
    <message>
        <source>{0} must be a finite number, not {1}: give a value such as {2}.</source>
        <translation>{0} doit être un nombre fini, pas {1} : donnez une valeur comme {2}.</translation>
    </message>
    <message>
        <source>{0} must be between {1} and {2}; {3} was given.</source>
        <translation>{0} doit être compris entre {1} et {2} ; {3} a été donné.</translation>
    </message>
    <message>
        <source>{0}: {1} is not a readable GeoPackage (damaged, cut short or another kind of file). Write it again or download it again.</source>
        <translation>{0} : {1} n'est pas un GeoPackage lisible (endommagé, tronqué ou fichier d'un autre type). Écrivez-le ou téléchargez-le de nouveau.</translation>
    </message>
    <message>
        <source>{0}: none of the {1} features of the layer has a geometry. Give a layer with geometries (or repair this one: Vector ▸ Geometry Tools).</source>
        <translation>{0} : aucune des {1} entités de la couche n'a de géométrie. Donnez une couche avec des géométries (ou réparez celle-ci : Vecteur ▸ Outils de géométrie).</translation>
    </message>
    <message>
        <source>The layer given for {0} is not a point layer ({1}): give points (for polygons, make their centroids first with Vector ▸ Geometry Tools ▸ Centroids).</source>
        <translation>La couche donnée pour {0} n'est pas une couche de points ({1}) : donnez des points (pour des polygones, calculez d'abord leurs centroïdes avec Vecteur ▸ Outils de géométrie ▸ Centroïdes).</translation>
    </message>
    <message>
        <source>The layer given for {0} is neither points nor polygons ({1}): give a point or polygon layer.</source>
        <translation>La couche donnée pour {0} n'est ni des points ni des polygones ({1}) : donnez une couche de points ou de polygones.</translation>
    </message>
    <message>
        <source>{0} must be a polygon layer (communes, EPCI…); the layer given has {1}.</source>
        <translation>{0} doit être une couche de polygones (communes, EPCI…) ; la couche donnée contient des {1}.</translation>
    </message>
    <message>
        <source>{0} must be lines (roads); the layer given has {1}. Give a line layer.</source>
        <translation>{0} doit être une couche de lignes (routes) ; la couche donnée contient des {1}. Donnez une couche de lignes.</translation>
    </message>
    <message>
        <source>The layer given for {0} has {1}, a geometry type this parameter does not take.</source>
        <translation>La couche donnée pour {0} contient des {1}, un type de géométrie que ce paramètre n'accepte pas.</translation>
    </message>
    <message>
        <source>points</source>
        <translation>points</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>lignes</translation>
    </message>
    <message>
        <source>polygons</source>
        <translation>polygones</translation>
    </message>
    <message>
        <source>no geometry</source>
        <translation>entités sans géométrie</translation>
    </message>
    <message>
        <source>{0}: the layer {1} has no field named {2}; choose one of its fields ({3}).</source>
        <translation>{0} : la couche {1} n'a pas de champ nommé {2} ; choisissez l'un de ses champs ({3}).</translation>
    </message>
    <message>
        <source>it has none</source>
        <translation>elle n'en a aucun</translation>
    </message>
    <message>
        <source>{0}: the field {1} is {2}, not a number; choose a numeric field.</source>
        <translation>{0} : le champ {1} est de type {2}, pas un nombre ; choisissez un champ numérique.</translation>
    </message>
    <message>
        <source>{0}: the field {1} is {2}, not text; choose a text field.</source>
        <translation>{0} : le champ {1} est de type {2}, pas du texte ; choisissez un champ texte.</translation>
    </message>
    <message>
        <source>The folder of {0} does not exist: {1}. Create it or choose another path.</source>
        <translation>Le dossier de {0} n'existe pas : {1}. Créez-le ou choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>{0}: cannot write in the folder {1} ({2}). Choose a writable folder.</source>
        <translation>{0} : impossible d'écrire dans le dossier {1} ({2}). Choisissez un dossier accessible en écriture.</translation>
    </message>
    <message>
        <source>{0}: QGIS cannot write {1} files here. Use one of: {2}.</source>
        <translation>{0} : QGIS ne sait pas écrire de fichiers {1} ici. Utilisez l'une de ces extensions : {2}.</translation>
    </message>
    <message>
        <source>extension-less</source>
        <translation>sans extension</translation>
    </message>
    <message>
        <source>{0} is the file of the input {1} ({2}): writing it would destroy that input. Choose another file name.</source>
        <translation>{0} est le fichier de l'entrée {1} ({2}) : l'écrire détruirait cette entrée. Choisissez un autre nom de fichier.</translation>
    </message>
</context>
<context>
    <name>VigieEngineMessages</name>
    <message>
        <source>calendar.txt and calendar_dates.txt define no service date</source>
        <translation>calendar.txt et calendar_dates.txt ne définissent aucune date de service</translation>
    </message>
    <message>
        <source>the date {date} is outside the feed&apos;s calendar, valid from {first} to {last}</source>
        <translation>la date {date} est hors du calendrier du flux, valable du {first} au {last}</translation>
    </message>
    <message>
        <source>the GTFS file {path} does not exist</source>
        <translation>le fichier GTFS {path} n'existe pas</translation>
    </message>
    <message>
        <source>{name} is not a zip archive nor a folder of GTFS files</source>
        <translation>{name} n'est ni une archive zip ni un dossier de fichiers GTFS</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name} : {reason}</translation>
    </message>
    <message>
        <source>the feed has no {name} (required)</source>
        <translation>le flux n'a pas de {name} (obligatoire)</translation>
    </message>
    <message>
        <source>{name} cannot be read as UTF-8 CSV: {detail}</source>
        <translation>{name} ne peut pas être lu comme un CSV UTF-8 : {detail}</translation>
    </message>
    <message>
        <source>{name} has no column {columns} (required)</source>
        <translation>{name} n'a pas de colonne {columns} (obligatoire)</translation>
    </message>
    <message>
        <source>{file} column {column}: &apos;{example}&apos; is not a time H:MM:SS ({count} such rows)</source>
        <translation>{file}, colonne {column} : « {example} » n'est pas une heure H:MM:SS ({count} lignes ainsi)</translation>
    </message>
    <message>
        <source>{file} column {column}: &apos;{example}&apos; is not a date YYYYMMDD</source>
        <translation>{file}, colonne {column} : « {example} » n'est pas une date AAAAMMJJ</translation>
    </message>
    <message>
        <source>{file} column {column}: &apos;{example}&apos; is not an integer</source>
        <translation>{file}, colonne {column} : « {example} » n'est pas un entier</translation>
    </message>
    <message>
        <source>{file}: duplicate {columns} {example} ({count} rows share an id)</source>
        <translation>{file} : {columns} {example} en double ({count} lignes partagent un identifiant)</translation>
    </message>
    <message>
        <source>{file} column {column}: &apos;{example}&apos; is not in {target} ({count} rows)</source>
        <translation>{file}, colonne {column} : « {example} » n'est pas dans {target} ({count} lignes)</translation>
    </message>
    <message>
        <source>the feed has neither calendar.txt nor calendar_dates.txt: one of them is required</source>
        <translation>le flux n'a ni calendar.txt ni calendar_dates.txt : l'un des deux est obligatoire</translation>
    </message>
    <message>
        <source>stop_times.txt columns arrival_time/departure_time: times go backwards in trip {trip} ({count} rows)</source>
        <translation>stop_times.txt, colonnes arrival_time/departure_time : les heures reculent dans la course {trip} ({count} lignes)</translation>
    </message>
    <message>
        <source>frequencies.txt columns start_time/end_time/headway_secs: empty or non-positive values</source>
        <translation>frequencies.txt, colonnes start_time/end_time/headway_secs : valeurs vides ou non positives</translation>
    </message>
    <message>
        <source>stop_times.txt columns arrival_time/departure_time: the first and last stop of a trip need times (row {row} of the sorted trips is empty)</source>
        <translation>stop_times.txt, colonnes arrival_time/departure_time : le premier et le dernier arrêt d'une course doivent avoir une heure (ligne {row} des courses triées vide)</translation>
    </message>
    <message>
        <source>stop_times.txt: {count} empty intermediate times interpolated</source>
        <translation>stop_times.txt : {count} heures intermédiaires vides interpolées</translation>
    </message>
    <message>
        <source>Cancelled by the user; nothing was written.</source>
        <translation>Annulé par l'utilisateur ; rien n'a été écrit.</translation>
    </message>
    <message>
        <source>{host} did not answer within {seconds} s; try again later.</source>
        <translation>{host} n'a pas répondu en {seconds} s ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>{host} kept failing after several retries; try again later.</source>
        <translation>{host} échoue encore après plusieurs tentatives ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>Cannot reach {host}: check the network connection and QGIS proxy settings.</source>
        <translation>Impossible de joindre {host} : vérifiez la connexion réseau et les paramètres de proxy de QGIS.</translation>
    </message>
    <message>
        <source>{host} refused the request ({status}): the API key is missing, wrong or expired. Create a QGIS authentication configuration holding the key and choose it in AUTHCFG.</source>
        <translation>{host} a refusé la requête ({status}) : la clé d'API manque, est erronée ou a expiré. Créez une configuration d'authentification QGIS contenant la clé et choisissez-la dans AUTHCFG.</translation>
    </message>
    <message>
        <source>{host}: not found (404). {detail}</source>
        <translation>{host} : introuvable (404). {detail}</translation>
    </message>
    <message>
        <source>{host} still limits the request rate after several retries; wait and run again.</source>
        <translation>{host} limite encore le débit des requêtes après plusieurs tentatives ; patientez puis relancez.</translation>
    </message>
    <message>
        <source>{host} is unavailable ({status}) after several retries; try again later.</source>
        <translation>{host} est indisponible ({status}) après plusieurs tentatives ; réessayez plus tard.</translation>
    </message>
    <message>
        <source>{host} rejected the request ({status}): {detail}</source>
        <translation>{host} a rejeté la requête ({status}) : {detail}</translation>
    </message>
    <message>
        <source>{host} answered with a web page instead of data (maintenance or error page?): {excerpt}</source>
        <translation>{host} a répondu par une page web au lieu de données (maintenance ou page d'erreur ?) : {excerpt}</translation>
    </message>
    <message>
        <source>{host} sent an answer that is not valid JSON (truncated or garbled): {detail}</source>
        <translation>{host} a envoyé une réponse qui n'est pas du JSON valide (tronquée ou altérée) : {detail}</translation>
    </message>
    <message>
        <source>{host} answered with a web page instead of the file: {excerpt}</source>
        <translation>{host} a répondu par une page web au lieu du fichier : {excerpt}</translation>
    </message>
    <message>
        <source>{host} sent a file that is not of the expected type.</source>
        <translation>{host} a envoyé un fichier qui n'est pas du type attendu.</translation>
    </message>
    <message>
        <source>Download from {host} stopped early ({done} of {total} bytes); try again.</source>
        <translation>Le téléchargement depuis {host} s'est arrêté trop tôt ({done} octets sur {total}) ; réessayez.</translation>
    </message>
    <message>
        <source>Download from {host} was interrupted: try again.</source>
        <translation>Le téléchargement depuis {host} a été interrompu : réessayez.</translation>
    </message>
    <message>
        <source>{name} is not a valid zip archive (truncated download?).</source>
        <translation>{name} n'est pas une archive zip valide (téléchargement tronqué ?).</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; has an absolute path: archive refused.</source>
        <translation>L'entrée « {entry} » de l'archive a un chemin absolu : archive refusée.</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; escapes its folder: archive refused.</source>
        <translation>L'entrée « {entry} » de l'archive sort de son dossier : archive refusée.</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; is a link: archive refused.</source>
        <translation>L'entrée « {entry} » de l'archive est un lien : archive refusée.</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; inflates absurdly (implausible compression ratio): archive refused.</source>
        <translation>L'entrée « {entry} » de l'archive gonfle de façon absurde (taux de compression invraisemblable) : archive refusée.</translation>
    </message>
    <message>
        <source>The archive inflates beyond {megabytes} MB: archive refused.</source>
        <translation>L'archive dépasse {megabytes} Mo une fois décompressée : archive refusée.</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; inflates beyond its declared size: archive refused.</source>
        <translation>L'entrée « {entry} » de l'archive dépasse sa taille déclarée : archive refusée.</translation>
    </message>
    <message>
        <source>The archive entry &apos;{entry}&apos; inflates beyond the allowed size.</source>
        <translation>L'entrée « {entry} » de l'archive dépasse la taille autorisée.</translation>
    </message>
    <message>
        <source>{name} is a 7z archive and nothing on this machine can open it.</source>
        <translation>{name} est une archive 7z et rien sur cet ordinateur ne sait l'ouvrir.</translation>
    </message>
    <message>
        <source>{name} is not a readable 7z archive (truncated download?).</source>
        <translation>{name} n'est pas une archive 7z lisible (téléchargement tronqué ?).</translation>
    </message>
    <message>
        <source>Could not extract {member} from {name} (truncated download?).</source>
        <translation>Impossible d'extraire {member} de {name} (téléchargement tronqué ?).</translation>
    </message>
    <message>
        <source>{name} has no member {member}.</source>
        <translation>{name} ne contient pas {member}.</translation>
    </message>
    <message>
        <source>A commune in the geo.api.gouv.fr answer has no code.</source>
        <translation>Une commune de la réponse de geo.api.gouv.fr n'a pas de code.</translation>
    </message>
    <message>
        <source>Unknown territory code {territory}: geo.api.gouv.fr does not know it.</source>
        <translation>Code de territoire inconnu {territory} : geo.api.gouv.fr ne le connaît pas.</translation>
    </message>
    <message>
        <source>Unknown territory code {territory}: geo.api.gouv.fr returned no commune for it.</source>
        <translation>Code de territoire inconnu {territory} : geo.api.gouv.fr ne renvoie aucune commune pour ce code.</translation>
    </message>
    <message>
        <source>Unknown EPCI {epci}: geo.api.gouv.fr does not know it.</source>
        <translation>EPCI inconnu {epci} : geo.api.gouv.fr ne le connaît pas.</translation>
    </message>
    <message>
        <source>The answer for EPCI {epci} is not GeoJSON.</source>
        <translation>La réponse pour l'EPCI {epci} n'est pas du GeoJSON.</translation>
    </message>
    <message>
        <source>Unknown territory {territory}: ADMIN EXPRESS has no commune for it.</source>
        <translation>Territoire inconnu {territory} : ADMIN EXPRESS n'a aucune commune pour lui.</translation>
    </message>
    <message>
        <source>The population file has no idcar_200m/ind columns: is it a Filosofi grid file?</source>
        <translation>Le fichier de population n'a pas de colonnes idcar_200m/ind : est-ce bien un fichier de carreaux Filosofi ?</translation>
    </message>
    <message>
        <source>A Filosofi cell has no usable id_inspire ({cell}).</source>
        <translation>Un carreau Filosofi n'a pas d'id_inspire utilisable ({cell}).</translation>
    </message>
    <message>
        <source>{name}: no {member} among the {kind}&apos;s CSV files ({csvs}); is it INSEE&apos;s Filosofi 200 m file?</source>
        <translation>{name} : pas de {member} parmi les fichiers CSV de l'archive ({kind} ; {csvs}) ; est-ce bien le fichier Filosofi 200 m de l'Insee ?</translation>
    </message>
    <message>
        <source>{name} holds neither a CSV nor a 7z archive: is it INSEE&apos;s Filosofi file?</source>
        <translation>{name} ne contient ni CSV ni archive 7z : est-ce bien le fichier Filosofi de l'Insee ?</translation>
    </message>
    <message>
        <source>{name}: expected a Filosofi CSV, a zip or a 7z archive.</source>
        <translation>{name} : un CSV Filosofi, un zip ou une archive 7z était attendu.</translation>
    </message>
    <message>
        <source>Cancelled by the user; the layers already written are kept.</source>
        <translation>Annulé par l'utilisateur ; les couches déjà écrites sont conservées.</translation>
    </message>
    <message>
        <source>{what} cannot be read as CSV: {detail}</source>
        <translation>{what} ne peut pas être lu comme un CSV : {detail}</translation>
    </message>
    <message>
        <source>The BPE file lacks the columns {columns}: is it a geolocated BPE file?</source>
        <translation>Il manque au fichier BPE les colonnes {columns} : est-ce bien un fichier BPE géolocalisé ?</translation>
    </message>
    <message>
        <source>This BPE edition has no EPCI column: give the EPCI&apos;s communes instead.</source>
        <translation>Ce millésime de la BPE n'a pas de colonne EPCI : donnez plutôt les communes de l'EPCI.</translation>
    </message>
    <message>
        <source>The data.caf.fr answer for {dataset} has no &apos;results&apos; list.</source>
        <translation>La réponse de data.caf.fr pour {dataset} n'a pas de liste « results ».</translation>
    </message>
    <message>
        <source>The geocoder&apos;s answer is not the expected CSV (no latitude/longitude columns).</source>
        <translation>La réponse du géocodeur n'est pas le CSV attendu (pas de colonnes latitude/longitude).</translation>
    </message>
    <message>
        <source>A geometry in the answer is malformed: {detail}</source>
        <translation>Une géométrie de la réponse est mal formée : {detail}</translation>
    </message>
    <message>
        <source>Unsupported geometry type in the answer: {kind}</source>
        <translation>Type de géométrie non pris en charge dans la réponse : {kind}</translation>
    </message>
    <message>
        <source>The answer for {what} is not a GeoJSON FeatureCollection.</source>
        <translation>La réponse pour {what} n'est pas une FeatureCollection GeoJSON.</translation>
    </message>
    <message>
        <source>The answer for {what} has no feature list.</source>
        <translation>La réponse pour {what} n'a pas de liste d'entités.</translation>
    </message>
    <message>
        <source>The transport.data.gouv.fr answer is not a list of datasets.</source>
        <translation>La réponse de transport.data.gouv.fr n'est pas une liste de jeux de données.</translation>
    </message>
    <message>
        <source>A dataset&apos;s covered_area is neither a list nor an object.</source>
        <translation>Le covered_area d'un jeu de données n'est ni une liste ni un objet.</translation>
    </message>
    <message>
        <source>{feed}: no stops.txt in this GTFS feed.</source>
        <translation>{feed} : pas de stops.txt dans ce flux GTFS.</translation>
    </message>
    <message>
        <source>{feed}: stops.txt has no stop_id column.</source>
        <translation>{feed} : stops.txt n'a pas de colonne stop_id.</translation>
    </message>
    <message>
        <source>The Overpass answer has no &apos;elements&apos; list.</source>
        <translation>La réponse d'Overpass n'a pas de liste « elements ».</translation>
    </message>
    <message>
        <source>Overpass stopped with an error: {remark}</source>
        <translation>Overpass s'est arrêté sur une erreur : {remark}</translation>
    </message>
    <message>
        <source>The API Sirene answer has no header: not a /siret response.</source>
        <translation>La réponse de l'API Sirene n'a pas d'en-tête : ce n'est pas une réponse /siret.</translation>
    </message>
    <message>
        <source>The recherche-entreprises answer has no &apos;results&apos; list.</source>
        <translation>La réponse de recherche-entreprises n'a pas de liste « results ».</translation>
    </message>
    <message>
        <source>A recherche-entreprises result is not an object.</source>
        <translation>Un résultat de recherche-entreprises n'est pas un objet.</translation>
    </message>
    <message>
        <source>The WFS answered with an error: {detail}</source>
        <translation>Le WFS a répondu par une erreur : {detail}</translation>
    </message>
    <message>
        <source>The WFS answer is not valid GeoJSON (truncated?): {detail}</source>
        <translation>La réponse du WFS n'est pas du GeoJSON valide (tronquée ?) : {detail}</translation>
    </message>
    <message>
        <source>INSEE's 200 m grid has no cells for département {departements} (it covers metropolitan France, Martinique and La Réunion)</source>
        <translation>La grille à 200 m de l'Insee n'a aucun carreau pour le département {departements} (elle couvre la France métropolitaine, la Martinique et La Réunion)</translation>
    </message>
    <message>
        <source>Give départements of one part of France at a time (metropolitan, 972 or 974)</source>
        <translation>Donnez les départements d'une seule partie de la France à la fois (métropole, 972 ou 974)</translation>
    </message>
    <message>
        <source>{name} is not a readable Excel workbook (.xlsx): {detail}</source>
        <translation>{name} n'est pas un classeur Excel (.xlsx) lisible : {detail}</translation>
    </message>
</context>
<context>
    <name>VigieIndicators</name>
    <message>
        <source>The field {0} does not exist in the input layer.</source>
        <translation>Le champ {0} n'existe pas dans la couche en entrée.</translation>
    </message>
    <message>
        <source>{0}: the field {1} holds {2} value(s) that are not numbers (for example: {3}). Choose a numeric field or fix the values.</source>
        <translation>{0} : le champ {1} contient {2} valeur(s) non numériques (par exemple : {3}). Choisissez un champ numérique ou corrigez les valeurs.</translation>
    </message>
    <message>
        <source>{0}: the field {1} holds {2} negative value(s); they must be 0 or more.</source>
        <translation>{0} : le champ {1} contient {2} valeur(s) négatives ; elles doivent être positives ou nulles.</translation>
    </message>
    <message>
        <source>{0}: {1} feature(s) have no value in {2}; they count as 0.</source>
        <translation>{0} : {1} entité(s) n'ont pas de valeur dans {2} ; elles comptent pour 0.</translation>
    </message>
    <message>
        <source>{0} must list minutes in strictly increasing order, such as 10,20,30 ({1}).</source>
        <translation>{0} doit lister des minutes dans l'ordre strictement croissant, par exemple 10,20,30 ({1}).</translation>
    </message>
    <message>
        <source>{0}: {1} point(s) are more than {2} m from the nearest road (outside the network?): their times start from that road, as if they stood on it. Set an access speed to count that distance.</source>
        <translation>{0} : {1} point(s) sont à plus de {2} m de la route la plus proche (hors du réseau ?) : leurs temps partent de cette route, comme s'ils s'y trouvaient. Indiquez une vitesse d'approche pour compter cette distance.</translation>
    </message>
    <message>
        <source>{0}: the layer has no field named {1}; choose one of its fields.</source>
        <translation>{0} : la couche n'a pas de champ nommé {1} ; choisissez l'un de ses champs.</translation>
    </message>
</context>
<context>
    <name>VigieLayouts</name>
    <message>
        <source>No font is installed on this machine, so the map would print without any text. Install a font package (for example fonts-dejavu-core on Debian or Ubuntu) and run again.</source>
        <translation>Aucune police n'est installée sur cette machine : la carte serait imprimée sans aucun texte. Installez un paquet de polices (par exemple fonts-dejavu-core sur Debian ou Ubuntu) puis relancez.</translation>
    </message>
    <message>
        <source>The sources line is too long to print ({0} characters): shorten SOURCES and run again.</source>
        <translation>La ligne des sources est trop longue pour être imprimée ({0} caractères) : raccourcissez SOURCES puis relancez.</translation>
    </message>
    <message>
        <source>The {0} output {1} is a folder: give a file name.</source>
        <translation>La sortie {0} {1} est un dossier : indiquez un nom de fichier.</translation>
    </message>
    <message>
        <source>The folder of the {0} output does not exist: {1}. Create it or choose another path.</source>
        <translation>Le dossier de la sortie {0} n'existe pas : {1}. Créez-le ou choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>Cannot write the {0} output {1}: permission denied. Choose a folder you can write to.</source>
        <translation>Impossible d'écrire la sortie {0} {1} : permission refusée. Choisissez un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
        <source>The {0} export to {1} failed: {2}.</source>
        <translation>L'export {0} vers {1} a échoué : {2}.</translation>
    </message>
    <message>
        <source>The PNG export to {0} failed: not enough memory for this resolution (lower DPI).</source>
        <translation>L'export PNG vers {0} a échoué : mémoire insuffisante pour cette résolution (baissez le DPI).</translation>
    </message>
    <message>
        <source>The extent to map is empty ({0}): give an extent or an area layer that has features covering some ground (not a single point).</source>
        <translation>L'emprise à cartographier est vide ({0}) : indiquez une emprise ou une couche de territoire dont les entités couvrent une surface (pas un point isolé).</translation>
    </message>
    <message>
        <source>The logo file does not exist: {0}. Choose an existing image.</source>
        <translation>Le fichier du logo n'existe pas : {0}. Choisissez une image existante.</translation>
    </message>
    <message>
        <source>The logo file {0} is not an image QGIS can read (use PNG, JPEG or SVG).</source>
        <translation>Le fichier du logo {0} n'est pas une image lisible par QGIS (utilisez PNG, JPEG ou SVG).</translation>
    </message>
    <message>
        <source>The layer {0} has no coordinate reference system: set its CRS (Layer Properties ▸ Source) and run again.</source>
        <translation>La couche {0} n'a pas de système de coordonnées de référence : définissez son SCR (Propriétés de la couche ▸ Source) puis relancez.</translation>
    </message>
</context>
<context>
    <name>VigieOutputs</name>
    <message>
        <source>the disk is full</source>
        <translation>le disque est plein</translation>
    </message>
    <message>
        <source>the file system refuses a file this large (disk full or size limit)</source>
        <translation>le système de fichiers refuse un fichier aussi grand (disque plein ou limite de taille)</translation>
    </message>
    <message>
        <source>too many fields for a GeoPackage (SQLite allows at most 2000 columns)</source>
        <translation>trop de champs pour un GeoPackage (SQLite accepte au plus 2000 colonnes)</translation>
    </message>
    <message>
        <source>the folder or file is read-only</source>
        <translation>le dossier ou le fichier est en lecture seule</translation>
    </message>
    <message>
        <source>the folder or file is read-only or not writable</source>
        <translation>le dossier ou le fichier est en lecture seule ou non accessible en écriture</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>permission refusée</translation>
    </message>
    <message>
        <source>a disk input/output error (disk full or removed?)</source>
        <translation>une erreur d'entrée/sortie du disque (disque plein ou retiré ?)</translation>
    </message>
    <message>
        <source>the file was not written</source>
        <translation>le fichier n'a pas été écrit</translation>
    </message>
    <message>
        <source>the file cannot be read back</source>
        <translation>le fichier ne peut pas être relu</translation>
    </message>
    <message>
        <source>the file holds no layer</source>
        <translation>le fichier ne contient aucune couche</translation>
    </message>
    <message>
        <source>the GeoPackage is damaged</source>
        <translation>le GeoPackage est endommagé</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>le fichier est vide</translation>
    </message>
    <message>
        <source>the file is truncated</source>
        <translation>le fichier est tronqué</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>le fichier est endommagé</translation>
    </message>
    <message>
        <source>the writer refused a feature</source>
        <translation>l'écriture d'une entité a été refusée</translation>
    </message>
    <message>
        <source>{0} features written instead of {1}</source>
        <translation>{0} entités écrites au lieu de {1}</translation>
    </message>
</context>
<context>
    <name>VigiePlaces</name>
    <message>
        <source>Origins (places where people live)</source>
        <translation>Origines (lieux où vivent les habitants)</translation>
    </message>
    <message>
        <source>Points, or polygons (their centroid is used), e.g. the 200 m population grid.</source>
        <translation>Points, ou polygones (leur centroïde est utilisé), par exemple le carroyage de population 200 m.</translation>
    </message>
    <message>
        <source>Destinations (services)</source>
        <translation>Destinations (services)</translation>
    </message>
    <message>
        <source>Destination identifier field</source>
        <translation>Champ identifiant de la destination</translation>
    </message>
    <message>
        <source>Maximum time (minutes, 0 = no limit)</source>
        <translation>Temps maximal (minutes, 0 = sans limite)</translation>
    </message>
    <message>
        <source>Access speed (km/h, 0 = access legs not counted)</source>
        <translation>Vitesse d'approche (km/h, 0 = approche non comptée)</translation>
    </message>
    <message>
        <source>Speed on the straight legs between a point and the nearest road, as in road travel time.</source>
        <translation>Vitesse sur les segments en ligne droite entre un point et la route la plus proche, comme dans le temps de trajet routier.</translation>
    </message>
    <message>
        <source>Reading the destinations…</source>
        <translation>Lecture des destinations…</translation>
    </message>
    <message>
        <source>{0} destinations skipped: empty or invalid geometry.</source>
        <translation>{0} destinations ignorées : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>There is no destination to reach: the destination layer has no usable point.</source>
        <translation>Il n'y a aucune destination à atteindre : la couche de destinations n'a aucun point utilisable.</translation>
    </message>
    <message>
        <source>Reading the origins…</source>
        <translation>Lecture des origines…</translation>
    </message>
    <message>
        <source>{0} origins skipped (not in the output): empty or invalid geometry.</source>
        <translation>{0} origines ignorées (absentes de la sortie) : géométrie vide ou invalide.</translation>
    </message>
    <message>
        <source>The layer given for {0} is neither points nor polygons: give a point or polygon layer.</source>
        <translation>La couche indiquée pour {0} n'est ni ponctuelle ni polygonale : indiquez une couche de points ou de polygones.</translation>
    </message>
    <message>
        <source>The layer given for {0} is not a point layer: give points (for polygons, make their centroids first with Vector ▸ Geometry Tools ▸ Centroids).</source>
        <translation>La couche indiquée pour {0} n'est pas une couche de points : indiquez des points (pour des polygones, calculez d'abord leurs centroïdes avec Vecteur ▸ Outils de géométrie ▸ Centroïdes).</translation>
    </message>
</context>
<context>
    <name>VigiePlugin</name>
    <message>
        <source>Road travel time to the nearest service…</source>
        <translation>Temps de trajet routier vers le service le plus proche…</translation>
    </message>
    <message>
        <source>&amp;Vigie</source>
        <translation>&amp;Vigie</translation>
    </message>
</context>
<context>
    <name>VigieProvenance</name>
    <message>
        <source>{0} — licence not stated</source>
        <translation>{0} — licence non précisée</translation>
    </message>
    <message>
        <source>The source and licence of the layer {0} are not known (no metadata, no field naming its data set): the map prints &quot;{1}&quot;. State them in the layer's metadata (Layer Properties ▸ Metadata ▸ Access ▸ Rights) or in the SOURCES parameter of the layouts.</source>
        <translation>La source et la licence de la couche {0} sont inconnues (pas de métadonnées, aucun champ ne nomme son jeu de données) : la carte imprime « {1} ». Indiquez-les dans les métadonnées de la couche (Propriétés de la couche ▸ Métadonnées ▸ Accès ▸ Droits) ou dans le paramètre SOURCES des mises en page.</translation>
    </message>
    <message>
        <source>GTFS feed {0}</source>
        <translation>Flux GTFS {0}</translation>
    </message>
    <message>
        <source>The licence of the GTFS feed {0} is not known: the map prints &quot;{1}&quot;. Give its licence in the SOURCES parameter of the layouts.</source>
        <translation>La licence du flux GTFS {0} est inconnue : la carte imprime « {1} ». Indiquez sa licence dans le paramètre SOURCES des mises en page.</translation>
    </message>
</context>
<context>
    <name>VigiePublish</name>
    <message>
        <source>Could not write {0} into {1}: {2}</source>
        <translation>Impossible d'écrire {0} dans {1} : {2}</translation>
    </message>
    <message>
        <source>The layer {0} written into {1} does not open.</source>
        <translation>La couche {0} écrite dans {1} ne s'ouvre pas.</translation>
    </message>
</context>
<context>
    <name>VigieRoadNetwork</name>
    <message>
        <source>Road network</source>
        <translation>Réseau routier</translation>
    </message>
    <message>
        <source>Road lines: OpenStreetMap (Geofabrik or native tags), IGN BD TOPO troncon_de_route, or any layer with a speed field. Reprojected internally to a metric CRS.</source>
        <translation>Lignes des routes : OpenStreetMap (Geofabrik ou attributs natifs), IGN BD TOPO troncon_de_route, ou toute couche avec un champ de vitesse. Reprojetées en interne dans un SCR métrique.</translation>
    </message>
    <message>
        <source>Speed profile</source>
        <translation>Profil de vitesse</translation>
    </message>
    <message>
        <source>Automatic (from the fields)</source>
        <translation>Automatique (d'après les champs)</translation>
    </message>
    <message>
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <source>IGN BD TOPO</source>
        <translation>IGN BD TOPO</translation>
    </message>
    <message>
        <source>Speed field</source>
        <translation>Champ de vitesse</translation>
    </message>
    <message>
        <source>Speed field (km/h)</source>
        <translation>Champ de vitesse (km/h)</translation>
    </message>
    <message>
        <source>Speed in km/h, for the speed field profile. Empty, zero or text values use the default speed and are counted in the log.</source>
        <translation>Vitesse en km/h, pour le profil « champ de vitesse ». Les valeurs vides, nulles ou textuelles prennent la vitesse par défaut et sont décomptées dans le journal.</translation>
    </message>
    <message>
        <source>Default speed (km/h)</source>
        <translation>Vitesse par défaut (km/h)</translation>
    </message>
    <message>
        <source>Speed where the speed field has no usable value, and for road classes missing from the profile.</source>
        <translation>Vitesse là où le champ de vitesse n'a pas de valeur utilisable, et pour les classes de routes absentes du profil.</translation>
    </message>
    <message>
        <source>Direction field</source>
        <translation>Champ du sens de circulation</translation>
    </message>
    <message>
        <source>Field giving the direction of travel, for the speed field profile (as in QGIS&apos;s shortest path).</source>
        <translation>Champ qui donne le sens de circulation, pour le profil « champ de vitesse » (comme dans le plus court chemin de QGIS).</translation>
    </message>
    <message>
        <source>Value for forward direction</source>
        <translation>Valeur pour le sens direct</translation>
    </message>
    <message>
        <source>Value for backward direction</source>
        <translation>Valeur pour le sens inverse</translation>
    </message>
    <message>
        <source>Value for both directions</source>
        <translation>Valeur pour les deux sens</translation>
    </message>
    <message>
        <source>Value of the direction field meaning this direction (digitising order is forward).</source>
        <translation>Valeur du champ du sens de circulation qui désigne ce sens (l'ordre de numérisation est le sens direct).</translation>
    </message>
    <message>
        <source>Default direction</source>
        <translation>Sens par défaut</translation>
    </message>
    <message>
        <source>Forward direction</source>
        <translation>Sens direct</translation>
    </message>
    <message>
        <source>Backward direction</source>
        <translation>Sens inverse</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>Double sens</translation>
    </message>
    <message>
        <source>Direction of roads whose direction field is empty or matches no value.</source>
        <translation>Sens des routes dont le champ du sens de circulation est vide ou ne correspond à aucune valeur.</translation>
    </message>
    <message>
        <source>Topology tolerance (metres)</source>
        <translation>Tolérance topologique (mètres)</translation>
    </message>
    <message>
        <source>The road network layer is empty: give a layer with road lines.</source>
        <translation>La couche du réseau routier est vide : indiquez une couche de lignes de routes.</translation>
    </message>
    <message>
        <source>Speed profile detected from the fields: {0}</source>
        <translation>Profil de vitesse détecté d'après les champs : {0}</translation>
    </message>
    <message>
        <source>No speed field given: every road gets the default speed of {0} km/h.</source>
        <translation>Aucun champ de vitesse indiqué : toutes les routes prennent la vitesse par défaut de {0} km/h.</translation>
    </message>
    <message>
        <source>Reading the road network…</source>
        <translation>Lecture du réseau routier…</translation>
    </message>
    <message>
        <source>{0} road features skipped: empty, invalid or not a line geometry.</source>
        <translation>{0} entités routières ignorées : géométrie vide, invalide ou non linéaire.</translation>
    </message>
    <message>
        <source>The road network has no usable line geometry ({0} features skipped).</source>
        <translation>Le réseau routier n'a aucune géométrie linéaire utilisable ({0} entités ignorées).</translation>
    </message>
    <message>
        <source>Cannot compute road speeds: {0}</source>
        <translation>Impossible de calculer les vitesses des routes : {0}</translation>
    </message>
    <message>
        <source>{0} roads have no usable speed (empty, zero or text, e.g. {1}): default speed used.</source>
        <translation>{0} routes n'ont pas de vitesse utilisable (vide, nulle ou textuelle, par exemple {1}) : vitesse par défaut appliquée.</translation>
    </message>
    <message>
        <source>{0} roads of an unknown class get the default speed of {1} km/h.</source>
        <translation>{0} routes de classe inconnue prennent la vitesse par défaut de {1} km/h.</translation>
    </message>
    <message>
        <source>{0} roads not open to cars (paths, tracks, closed roads) are left out.</source>
        <translation>{0} routes fermées aux voitures (sentiers, pistes, routes fermées) sont écartées.</translation>
    </message>
    <message>
        <source>No road of the network is open to cars with the {0} profile: check the layer and the profile.</source>
        <translation>Aucune route du réseau n'est ouverte aux voitures avec le profil {0} : vérifiez la couche et le profil.</translation>
    </message>
    <message>
        <source>Road graph reused from the cache ({0}).</source>
        <translation>Graphe routier repris du cache ({0}).</translation>
    </message>
    <message>
        <source>Road graph: {0} nodes, {1} directed edges, {2} separate parts.</source>
        <translation>Graphe routier : {0} nœuds, {1} arcs orientés, {2} parties séparées.</translation>
    </message>
    <message>
        <source>How speeds and directions are read. Automatic uses the speed field when one is given, else BD TOPO when vitesse_moyenne_vl exists, OpenStreetMap when fclass or highway exists.</source>
        <translation>Façon de lire les vitesses et les sens de circulation. Automatique utilise le champ de vitesse s'il est indiqué, sinon BD TOPO si vitesse_moyenne_vl existe, OpenStreetMap si fclass ou highway existe.</translation>
    </message>
    <message>
        <source>Line ends closer than this are joined. 0 joins only identical vertices; at most 2000 m.</source>
        <translation>Les extrémités de lignes plus proches que cette distance sont raccordées. 0 ne raccorde que les sommets identiques ; 2000 m au plus.</translation>
    </message>
</context>
<context>
    <name>VigieSettingsPage</name>
    <message>
        <source>Maps</source>
        <translation>Cartes</translation>
    </message>
    <message>
        <source>e.g. Communauté de communes du Champsaur-Valgaudemar</source>
        <translation>p. ex. Communauté de communes du Champsaur-Valgaudemar</translation>
    </message>
    <message>
        <source>Printed on every Vigie map whose ORGANISATION parameter is left empty.</source>
        <translation>Imprimée sur chaque carte Vigie dont le paramètre ORGANISATION est laissé vide.</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisme</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Images (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>Printed on every Vigie map whose LOGO parameter is left empty.</source>
        <translation>Imprimé sur chaque carte Vigie dont le paramètre LOGO est laissé vide.</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Downloads, service answers and road graphs. Empty: the folder of the QGIS profile shown in grey.</source>
        <translation>Téléchargements, réponses des services et graphes routiers. Vide : le dossier du profil QGIS affiché en gris.</translation>
    </message>
    <message>
        <source>Cache folder</source>
        <translation>Dossier du cache</translation>
    </message>
    <message>
        <source>Clear the cache</source>
        <translation>Vider le cache</translation>
    </message>
    <message>
        <source>Delete every file of the cache: the next runs download and build again.</source>
        <translation>Supprime tous les fichiers du cache : les prochains traitements téléchargeront et construiront à nouveau.</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>BPE {0} ({1})</source>
        <translation>BPE {0} ({1})</translation>
    </message>
    <message>
        <source>Edition of the BPE national file the BPE and childcare fetchers download by default (its path).</source>
        <translation>Édition du fichier national BPE que les algorithmes BPE et petite enfance téléchargent par défaut (son chemin).</translation>
    </message>
    <message>
        <source>Default BPE edition</source>
        <translation>Édition BPE par défaut</translation>
    </message>
    <message>
        <source>{0} freed</source>
        <translation>{0} libérés</translation>
    </message>
    <message>
        <source>Vigie</source>
        <translation>Vigie</translation>
    </message>
</context>
<context>
    <name>VigieSources</name>
    <message>
        <source>Create it in Settings ▸ Options ▸ Authentication (type 'API Header' with the key as value, or 'Basic' with the key as password) and choose it in AUTHCFG.</source>
        <translation>Créez-la dans Préférences ▸ Options ▸ Authentification (type « API Header » avec la clé comme valeur, ou « Basic » avec la clé comme mot de passe) et choisissez-la dans AUTHCFG.</translation>
    </message>
    <message>
        <source>This service needs an API key held in a QGIS authentication configuration. </source>
        <translation>Ce service demande une clé d'API conservée dans une configuration d'authentification QGIS. </translation>
    </message>
    <message>
        <source>The authentication configuration &apos;{0}&apos; cannot be read. </source>
        <translation>La configuration d'authentification « {0} » est illisible. </translation>
    </message>
    <message>
        <source>The authentication configuration &apos;{0}&apos; holds no key. </source>
        <translation>La configuration d'authentification « {0} » ne contient aucune clé. </translation>
    </message>
</context>
<context>
    <name>VigieStyles</name>
    <message>
        <source>{0}–{1} min</source>
        <translation>{0}–{1} min</translation>
    </message>
    <message>
        <source>{0} min and more</source>
        <translation>{0} min et plus</translation>
    </message>
    <message>
        <source>Not reached</source>
        <translation>Non atteint</translation>
    </message>
    <message>
        <source>{0}–{1} %</source>
        <translation>{0}–{1} %</translation>
    </message>
    <message>
        <source>No population</source>
        <translation>Aucune population</translation>
    </message>
    <message>
        <source>None in reach</source>
        <translation>Aucune offre à portée</translation>
    </message>
    <message>
        <source>{0} and more</source>
        <translation>{0} et plus</translation>
    </message>
    <message>
        <source>{0} – {1}</source>
        <translation>{0} – {1}</translation>
    </message>
    <message>
        <source>{0} min or more faster</source>
        <translation>{0} min ou plus de gain</translation>
    </message>
    <message>
        <source>{0} min or more slower</source>
        <translation>{0} min ou plus de perte</translation>
    </message>
    <message>
        <source>About the same (± {0} min)</source>
        <translation>À peu près pareil (± {0} min)</translation>
    </message>
    <message>
        <source>{0}–{1} min faster</source>
        <translation>{0}–{1} min de gain</translation>
    </message>
    <message>
        <source>{0}–{1} min slower</source>
        <translation>{0}–{1} min de perte</translation>
    </message>
    <message>
        <source>No service any more</source>
        <translation>Plus aucun service</translation>
    </message>
    <message>
        <source>Newly served</source>
        <translation>Nouvellement desservi</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>Sans valeur</translation>
    </message>
</context>
<context>
    <name>VigieWhatIf</name>
    <message>
        <source>Population field</source>
        <translation>Champ de population</translation>
    </message>
    <message>
        <source>Number of people of each origin (ind for Filosofi cells; NULL counts as 0).</source>
        <translation>Nombre d'habitants de chaque origine (ind pour les carreaux Filosofi ; une valeur vide compte pour 0).</translation>
    </message>
    <message>
        <source>{0} origins skipped (not in the output): empty or invalid geometry.</source>
        <translation>{0} origines ignorées (absentes de la sortie) : géométrie vide ou invalide.</translation>
    </message>
</context>
</TS>
