"""Seed content in Spanish, first version: frozen data for migration 0020.

Written in the project's own words from the English items of `_content_v2` (the same facts, the
same balance, the same sources, which stay the English originals'); not a machine translation.
Each row starts "awaiting clinical review", like any new version, and no clinician is named.
Items without a Spanish version here show in English on the Spanish Learn page, which says so.

FAQS: the English FAQ's `order` -> its Spanish question and answer.
"""

FAQS = {
    1: {
        "english_question": "Is ketamine a replacement for my antidepressant?",
        "question": "¿La ketamina reemplaza a mi antidepresivo?",
        "answer": (
            "No necesariamente. La esketamina (Spravato) se aprobó primero para usarse junto con "
            "un antidepresivo oral; desde enero de 2025 también está aprobada sola para la "
            "depresión resistente al tratamiento. Si conviene seguir, cambiar o dejar su "
            "antidepresivo es una decisión que toman usted y quien se lo receta, juntos.\n\n"
            "**No deje un antidepresivo por su cuenta.** Dejarlo de golpe puede causar síntomas "
            "de retirada y hace más probable una recaída."
        ),
    },
    2: {
        "english_question": "How quickly does each treatment work?",
        "question": "¿Qué tan rápido funciona cada tratamiento?",
        "answer": (
            "En los estudios, la ketamina a menudo alivió los síntomas en cuestión de horas o de "
            "un día en las personas que respondieron, pero el efecto de una sola dosis suele "
            "pasar en unos días o hasta unas dos semanas, así que se usa una serie de sesiones. "
            "Los antidepresivos suelen tardar **de 4 a 8 semanas** en hacer todo su efecto, y "
            "cuando funcionan, el beneficio suele mantenerse mientras se siguen tomando."
        ),
    },
    3: {
        "english_question": "Is ketamine addictive?",
        "question": "¿La ketamina crea adicción?",
        "answer": (
            "La ketamina se puede usar de forma indebida, y la esketamina es una sustancia "
            "controlada con una advertencia de recuadro («boxed warning») sobre el abuso y el "
            "uso indebido. Por eso, en Riverbend solo se administra en la clínica, con "
            "vigilancia, y nunca se la lleva a casa.\n\n"
            "Las personas con antecedentes de problemas con el alcohol o las drogas corren más "
            "riesgo, así que cuéntenos sobre cualquier consumo pasado o actual. Eso no descarta "
            "el tratamiento por sí solo, pero su profesional clínico lo sopesará con cuidado. "
            "Hay pocos datos a largo plazo sobre el tratamiento repetido.\n\n"
            "En octubre de 2023, la FDA advirtió sobre la ketamina preparada en farmacias de "
            "compuestos («compounded») que se vende para la salud mental, incluidos productos "
            "que se toman en casa, donde no hay ningún profesional de la salud para vigilar."
        ),
    },
    4: {
        "english_question": "Will insurance cover it?",
        "question": "¿Lo cubre el seguro médico?",
        "answer": (
            "Depende de su plan y del tratamiento, así que consulte con su aseguradora. La "
            "esketamina (Spravato) está aprobada por la FDA para la depresión; la ketamina "
            "intravenosa para la depresión es un uso fuera de lo aprobado («off-label», es decir, "
            "no es un uso aprobado por la FDA).\n\n"
            "Nuestros coordinadores pueden explicarle los precios de la clínica y ayudarle a "
            "revisar sus beneficios antes de que decida nada."
        ),
    },
    5: {
        "english_question": "What happens at an evaluation?",
        "question": "¿Qué pasa en una evaluación?",
        "answer": (
            "Un profesional clínico repasa con usted sus respuestas del cuestionario y le "
            "pregunta sobre:\n\n"
            "- sus síntomas y cuánto ha durado este episodio;\n"
            "- los tratamientos que ha probado, con las dosis y el tiempo que los tomó;\n"
            "- su salud física, incluida la presión arterial, y los medicamentos que toma ahora;\n"
            "- cualquier antecedente de psicosis, manía o consumo de alcohol o drogas.\n\n"
            "Hablarán de todas sus opciones, incluidas las que no son ketamina. Una evaluación "
            "no le compromete a recibir tratamiento, y el resumen que ve en este sitio es "
            "información educativa, no un diagnóstico."
        ),
    },
    6: {
        "english_question": "What if I'm having thoughts of suicide?",
        "question": "¿Y si tengo pensamientos de suicidio?",
        "answer": (
            "**Si está en peligro ahora, llame al 911 o vaya a la sala de emergencias más "
            "cercana.**\n\n"
            "Puede hablar con alguien ahora mismo, a cualquier hora:\n\n"
            "- Llame o envíe un mensaje de texto al **988**, la Línea de Prevención del Suicidio "
            "y Crisis, o chatee en [988lifeline.org/chat](https://988lifeline.org/chat). Es "
            "gratuita, confidencial y atiende las 24 horas, todos los días, en inglés y en "
            "español.\n"
            "- Veteranos y miembros de las fuerzas armadas: marquen el 988 y luego el 1 (la "
            "Línea de Crisis para Veteranos).\n"
            "- Personas sordas o con dificultad auditiva: envíen un mensaje de texto al 988, "
            "chateen o usen el botón de video «ASL Now» en "
            "[988lifeline.org](https://988lifeline.org/) para comunicarse por señas con un "
            "consejero.\n\n"
            "Nadie vigila nuestro formulario a todas horas, así que no espere nuestra respuesta. "
            "Las personas sí salen adelante; la ayuda funciona."
        ),
    },
    7: {
        "english_question": "What is the difference between ketamine and esketamine?",
        "question": "¿Qué diferencia hay entre la ketamina y la esketamina?",
        "answer": (
            "La ketamina está formada por dos formas que son imagen en espejo una de la otra; la "
            "esketamina es una de ellas. La esketamina (Spravato) es un aerosol nasal aprobado "
            "por la FDA para la depresión y se administra dentro de un programa de seguridad. "
            "La ketamina para la depresión suele darse por infusión intravenosa, un uso fuera de "
            "lo aprobado («off-label»). Las dos actúan sobre el glutamato, y hay pocos estudios "
            "que las comparen directamente."
        ),
    },
    8: {
        "english_question": "What do the medical words on this page mean?",
        "question": "¿Qué significan las palabras médicas de esta página?",
        "answer": (
            "- **Glutamato, NMDA y AMPA**: el glutamato es un mensajero que usan las células del "
            "cerebro para comunicarse entre sí; los receptores NMDA y AMPA son dos de sus puntos "
            "de anclaje en esas células. La ketamina bloquea el receptor NMDA.\n"
            "- **BDNF**: una proteína que ayuda a las células del cerebro a crecer y conectarse.\n"
            "- **Disociación**: sentirse desconectado de uno mismo, de sus pensamientos y "
            "sentimientos, o del tiempo y el espacio.\n"
            "- **MADRS**: una escala de 0 a 60 que usan los profesionales clínicos en los "
            "estudios para medir qué tan grave es la depresión; una puntuación más alta "
            "significa una depresión peor.\n"
            "- **Remisión**: quedan pocos síntomas o ninguno.\n"
            "- **Fuera de lo aprobado («off-label»)**: un medicamento usado para un fin que la "
            "FDA no ha aprobado.\n"
            "- **REMS**: un programa de seguridad de la FDA que fija reglas sobre cómo se "
            "administra un medicamento de riesgo; la esketamina solo se administra en clínicas "
            "certificadas en ese programa.\n"
            "- **MAV**: una conexión anormal entre arterias y venas.\n"
            "- **Cistitis**: una vejiga irritada e inflamada.\n"
            "- **Placebo**: un tratamiento simulado, sin medicamento, que se usa en los estudios "
            "para comparar."
        ),
    },
}

# PROS_CONS: (treatment, kind, order) of the English item -> its English text (to find it
# unchanged) and its Spanish text. All twenty, five of each, as in English.
PROS_CONS = {
    ("ketamine", "pro", 1): (
        "Can ease symptoms within hours to a day",
        "En algunas personas puede aliviar los síntomas en cuestión de horas o de un día, "
        "mientras que los antidepresivos habituales tardan semanas.",
    ),
    ("ketamine", "pro", 2): (
        "Studied specifically in depression",
        "Se ha estudiado específicamente en la depresión que no ha mejorado después de dos o "
        "más antidepresivos, un grupo en el que los siguientes medicamentos habituales ayudan "
        "a menos personas.",
    ),
    ("ketamine", "pro", 3): (
        "Works on a different brain system",
        "Actúa sobre otro sistema del cerebro (el glutamato), así que puede ayudar cuando no "
        "han funcionado los medicamentos que actúan sobre la serotonina y la norepinefrina.",
    ),
    ("ketamine", "pro", 4): (
        "Sexual problems and weight gain",
        "Los problemas sexuales y el aumento de peso, frecuentes con algunos antidepresivos "
        "diarios, no están entre sus efectos secundarios más reportados; sus efectos "
        "secundarios principales ocurren durante la sesión y poco después. Quien además toma "
        "un antidepresivo oral tiene también los efectos secundarios de ese medicamento.",
    ),
    ("ketamine", "pro", 5): (
        "Given under supervision in a clinic",
        "Se administra bajo supervisión en una clínica, así que los efectos secundarios se "
        "vigilan y se atienden en el momento.",
    ),
    ("ketamine", "con", 1): (
        "The benefit of a single dose often fades",
        "El beneficio de una sola dosis a menudo se pierde en unos días o hasta unas dos "
        "semanas, y la evidencia de que las infusiones repetidas o de mantenimiento ayuden es "
        "débil.",
    ),
    ("ketamine", "con", 2): (
        "Dissociation (in most people)",
        "La disociación (en la mayoría de las personas), el sueño, la presión arterial alta, "
        "el mareo y las náuseas son frecuentes alrededor de cada sesión; la esketamina "
        "requiere al menos 2 horas de vigilancia y no manejar hasta el día siguiente.",
    ),
    ("ketamine", "con", 3): (
        "Can be misused",
        "Se puede usar de forma indebida, y puede no ser adecuada para personas con problemas "
        "de consumo de sustancias, psicosis o ciertas enfermedades del corazón y de los vasos "
        "sanguíneos.",
    ),
    ("ketamine", "con", 4): (
        "Long-term safety and benefit",
        "No se conocen bien la seguridad ni el beneficio a largo plazo del tratamiento "
        "repetido; la mayoría de los estudios fueron pequeños y cortos.",
    ),
    ("ketamine", "con", 5): (
        "Takes time and travel",
        "Requiere tiempo y traslados: visitas frecuentes a la clínica, sobre todo en las "
        "primeras semanas. La ketamina intravenosa para la depresión es un uso fuera de lo "
        "aprobado («off-label», no aprobado por la FDA).",
    ),
    ("antidepressant", "pro", 1): (
        "Taken at home as a daily pill",
        "Se toma en casa, en una pastilla diaria, sin tener que ir a la clínica para cada dosis.",
    ),
    ("antidepressant", "pro", 2): (
        "A large evidence base",
        "Mucha evidencia: en un análisis de 522 ensayos, los 21 antidepresivos estudiados "
        "funcionaron mejor que el placebo a corto plazo.",
    ),
    ("antidepressant", "pro", 3): (
        "When one works, continuing it",
        "Cuando uno funciona, seguir tomándolo después de recuperarse reduce a menos de la "
        "mitad la probabilidad de una recaída, en comparación con dejarlo.",
    ),
    ("antidepressant", "pro", 4): (
        "Many choices with different side effects",
        "Hay muchas opciones con distintos efectos secundarios, así que si uno no le sienta "
        "bien, se puede probar o agregar otro.",
    ),
    ("antidepressant", "pro", 5): (
        "A recommended first-line treatment",
        "Es un tratamiento de primera línea recomendado, solo o con psicoterapia; muchos "
        "también se usan para tratar la ansiedad.",
    ),
    ("antidepressant", "con", 1): (
        "Usually take 4 to 8 weeks",
        "Suelen tardar de 4 a 8 semanas en hacer todo su efecto.",
    ),
    ("antidepressant", "con", 2): (
        "The first medicine is often not enough",
        "El primer medicamento a menudo no basta: en el estudio STAR*D, alrededor del 37% de "
        "las personas llegó a la remisión (pocos síntomas o ninguno) con el primero, y los "
        "pasos siguientes ayudaron a menos personas.",
    ),
    ("antidepressant", "con", 3): (
        "Side effects such as nausea",
        "Son frecuentes efectos secundarios como náuseas, problemas sexuales, sueño y "
        "embotamiento emocional, y algunos medicamentos hacen subir de peso.",
    ),
    ("antidepressant", "con", 4): (
        "Stopping suddenly can cause",
        "Dejarlos de golpe puede causar síntomas de retirada, y dejarlos demasiado pronto "
        "aumenta la probabilidad de una recaída, así que hay que planear cómo dejarlos.",
    ),
    ("antidepressant", "con", 5): (
        "Boxed warning",
        "Advertencia de recuadro («boxed warning»): mayor riesgo de pensamientos y conductas "
        "suicidas en personas menores de 25 años, sobre todo al principio del tratamiento.",
    ),
}

# The privacy notice (ContentPage "privacy"): its Spanish page, found at /privacy/ in Spanish.
PRIVACY_NOTICE = {
    "english_title": "Privacy notice",
    "slug": "privacy-es",
    "title": "Aviso de privacidad",
    "body": (
        "Riverbend Ketamine Clinic usa este sitio web para recibir solicitudes de evaluación. "
        "Como el formulario pregunta sobre su salud, tratamos todo lo que usted escribe como "
        "información de salud confidencial. Este aviso explica, con palabras sencillas, qué "
        "datos recogemos, para qué, quién puede verlos y cuánto tiempo los guardamos.\n\n"
        "**Qué datos recogemos**\n\n"
        "- Sus datos de contacto: nombre, nombre preferido, fecha de nacimiento, correo "
        "electrónico, teléfono celular, medio de contacto preferido e idioma.\n"
        "- Sus respuestas sobre cómo se ha sentido (los cuestionarios PHQ-9 y GAD-7) y, si "
        "las contesta, las preguntas de seguridad.\n"
        "- Sus antecedentes de tratamiento, sus respuestas a las preguntas de salud y los "
        "medicamentos que toma ahora.\n"
        "- Sus preferencias de cita, el profesional que le refirió (si lo hay) y su nombre "
        "escrito como firma.\n"
        "- Los registros técnicos necesarios para que el sitio funcione con seguridad: una "
        "cookie de sesión que mantiene su borrador y su enlace privado de estado, y registros "
        "de seguridad (como la hora y la dirección de red de una solicitud) que usamos para "
        "impedir abusos.\n\n"
        "Si usted es menor de 18 años, el formulario se detiene y no guarda nada, porque la "
        "clínica solo atiende a adultos.\n\n"
        "**Para qué los usamos**\n\n"
        "Solo para revisar su solicitud, contactarle sobre ella, programar y preparar su "
        "evaluación, y llevar un registro de lo que pasó con su solicitud. No vendemos su "
        "información ni la usamos para publicidad.\n\n"
        "**Quién puede verlos**\n\n"
        "Solo el personal de la clínica que trabaja con las solicitudes de evaluación: "
        "nuestros coordinadores y profesionales clínicos. El personal debe iniciar sesión, y "
        "cada vez que alguien ve, exporta o cambia una solicitud, queda anotado en un "
        "registro de auditoría. El personal que edita las páginas educativas del sitio no "
        "puede ver la información de los pacientes. Los correos electrónicos que le enviamos "
        "no contienen detalles clínicos. Los proveedores técnicos que alojan este sitio o "
        "entregan nuestros correos pueden tratar su información solo para prestarnos ese "
        "servicio. Fuera de eso, solo compartimos su información fuera de la clínica si usted "
        "nos lo pide (por ejemplo, con el profesional que le refirió) o si la ley lo exige.\n\n"
        "**Cuánto tiempo los guardamos**\n\n"
        "- Un formulario sin terminar (un borrador) se borra automáticamente a los 7 días.\n"
        "- Una solicitud enviada se guarda mientras trabajamos en ella.\n"
        "- Después de cerrar una solicitud, y una vez pasado el plazo de conservación de la "
        "clínica, se anonimiza, de modo que ya no le identifica.\n\n"
        "Si usted llega a ser paciente, su expediente médico se guarda aparte, según la "
        "política de expedientes médicos de la clínica.\n\n"
        "**Sus opciones y derechos**\n\n"
        "- Puede cancelar una cita desde su página privada de estado, y puede retirar su "
        "solicitud en cualquier momento llamándonos.\n"
        "- Puede pedir una copia de la información que nos dio, pedirnos que la corrijamos o "
        "pedirnos que borremos su solicitud.\n"
        "- No comparta su enlace privado de estado: cualquier persona que lo tenga puede ver "
        "el estado de su solicitud hasta que venza.\n\n"
        "**Contáctenos**\n\n"
        "Para cualquier pregunta o solicitud sobre privacidad, llame a Riverbend Ketamine "
        "Clinic al (555) 010-0199 o escríbanos a 250 Mill Street, Suite 300, Riverbend, NY "
        "12000. Esta página y este formulario no son para emergencias: si está en crisis, "
        "llame o envíe un mensaje de texto al 988, o llame al 911."
    ),
}

# TOPICS: the English topic's key -> its English title (to find it unchanged) and its Spanish
# title, summary and two columns. The Spanish row's key is the English key with "-es".
TOPICS = {
    "mechanism": {
        "english_title": "How it works",
        "title": "Cómo funciona",
        "summary": (
            "La ketamina actúa sobre el glutamato, uno de los mensajeros principales del "
            "cerebro. La mayoría de los antidepresivos actúan sobre otros mensajeros, y no se "
            "sabe del todo cómo ayuda cada uno."
        ),
        "ketamine": (
            "La ketamina actúa sobre todo sobre el **glutamato**, el principal mensajero "
            "activador del cerebro, y no sobre la serotonina. Bloquea uno de los receptores del "
            "glutamato (puntos de anclaje en las células del cerebro), el receptor NMDA. Los "
            "investigadores creen que esto provoca una ráfaga de señales a través de otro "
            "receptor del glutamato (AMPA) y señales de crecimiento como el BDNF, una proteína "
            "que ayuda a crecer a las células del cerebro, lo que podría ayudarlas a reconstruir "
            "conexiones (sinapsis) debilitadas por el estrés y la depresión.\n\n"
            "Estas ideas vienen sobre todo de estudios en animales y de los primeros estudios en "
            "personas, y todavía se están poniendo a prueba. Otros efectos propuestos, como "
            "sobre la inflamación, siguen siendo hipótesis de investigación. La ketamina es una "
            "mezcla a partes iguales de dos formas, imagen en espejo, de una misma molécula; la "
            "esketamina (Spravato) es una de ellas."
        ),
        "antidepressant": (
            "La mayoría de los antidepresivos actúan sobre la **serotonina, la norepinefrina o "
            "la dopamina**, mensajeros químicos que intervienen en el estado de ánimo:\n\n"
            "- Los ISRS (por ejemplo, sertralina o escitalopram) actúan sobre todo sobre la "
            "serotonina.\n"
            "- Los IRSN (por ejemplo, venlafaxina o duloxetina) actúan sobre la serotonina y la "
            "norepinefrina.\n"
            "- El bupropión actúa sobre la norepinefrina y la dopamina.\n\n"
            "El estado de ánimo suele mejorar solo después de varias semanas, y todavía no se "
            "entiende del todo cómo alivian la depresión los antidepresivos."
        ),
    },
    "onset": {
        "english_title": "How fast it works",
        "title": "Qué tan rápido funciona",
        "summary": (
            "En algunas personas, no en todas, la ketamina puede aliviar los síntomas en horas "
            "o en un día. Los antidepresivos suelen tardar de 4 a 8 semanas en hacer todo su "
            "efecto."
        ),
        "ketamine": (
            "En estudios con personas cuya depresión no había mejorado con otros tratamientos, "
            "una infusión de ketamina a menudo alivió los síntomas **en cuestión de horas o de "
            "un día**. En un ensayo con 73 personas, alrededor del 64% respondió 24 horas "
            "después de la ketamina, frente a alrededor del 28% después de un medicamento de "
            "comparación activo (midazolam, un sedante).\n\n"
            "No todas las personas responden, y una respuesta rápida no significa que vaya a "
            "durar. Los ensayos en los que se basó la aprobación de la esketamina midieron su "
            "resultado principal después de 4 semanas de tratamiento."
        ),
        "antidepressant": (
            "Los antidepresivos necesitan tiempo: por lo general, **de 4 a 8 semanas** para "
            "hacer todo su efecto. El sueño, el apetito, la energía y la concentración a menudo "
            "mejoran antes que el estado de ánimo. Por esta demora, cada medicamento necesita "
            "una prueba justa, a una dosis adecuada, antes de poder decir que no funcionó."
        ),
    },
    "duration": {
        "english_title": "How long benefit lasts",
        "title": "Cuánto dura el beneficio",
        "summary": (
            "El efecto de una dosis de ketamina a menudo pasa en días o hasta dos semanas, y la "
            "prueba de que las dosis repetidas ayuden es débil. Cuando un antidepresivo "
            "funciona, la ayuda suele durar mientras se sigue tomando."
        ),
        "ketamine": (
            "Después de una sola dosis, el beneficio a menudo se pierde en unos días o hasta "
            "unas dos semanas. En uno de los primeros ensayos con placebo, con 18 personas, "
            "alrededor de un tercio seguía respondiendo bien una semana después. Por eso la "
            "ketamina y la esketamina se dan como una **serie** de varias sesiones, a veces "
            "seguida de sesiones de mantenimiento menos frecuentes.\n\n"
            "- **Ketamina intravenosa repetida y de mantenimiento**: la evidencia es débil. Un "
            "grupo de expertos canadiense (CANMAT, 2021) calificó como sólida (nivel 1 de 4) la "
            "evidencia de una sola infusión, pero solo de nivel 3 la de una serie de infusiones "
            "o del mantenimiento, por basarse en pocos estudios y pequeños.\n"
            "- En un ensayo ciego de 2025 en Irlanda (KARMA-Dep 2), 65 adultos hospitalizados "
            "por depresión recibieron hasta ocho infusiones durante unas cuatro semanas, además "
            "de su atención habitual en el hospital. La ketamina no fue significativamente "
            "mejor que el midazolam, un sedante usado como comparación.\n"
            "- En un estudio pequeño de seis infusiones durante unas dos semanas, la mitad de "
            "quienes respondieron había recaído unos 18 días después de la última.\n"
            "- Con la esketamina, un estudio más largo encontró que quienes siguieron usándola "
            "después de mejorar recayeron con menos frecuencia que quienes pasaron a un aerosol "
            "de placebo."
        ),
        "antidepressant": (
            "Cuando un antidepresivo funciona, el beneficio en general continúa mientras se "
            "toma.\n\n"
            "En una revisión de 31 ensayos con personas que habían mejorado, recayó alrededor "
            "del 18% de quienes siguieron tomando su antidepresivo, frente a alrededor del 41% "
            "de quienes pasaron a un placebo. El beneficio de continuar pareció durar hasta 3 "
            "años, aunque la mayoría de los ensayos siguió a las personas durante cerca de un "
            "año. Lo mejor es decidir si dejarlo junto con quien se lo receta."
        ),
    },
    "administration": {
        "english_title": "How it is given",
        "title": "Cómo se administra",
        "summary": (
            "La ketamina y la esketamina se administran en una clínica, donde el personal le "
            "vigila durante cada dosis y después. Los antidepresivos son pastillas que se toman "
            "cada día en casa."
        ),
        "ketamine": (
            "Se administra en una clínica, no en casa:\n\n"
            "- **Ketamina intravenosa**: un goteo lento en una vena, en los estudios por lo "
            "general durante unos 40 minutos y a una dosis baja (habitualmente 0.5 mg por kg de "
            "peso), con controles de la presión arterial y de cómo se siente.\n"
            "- **Esketamina en aerosol nasal (Spravato)**: usted mismo se aplica el aerosol "
            "mientras un profesional clínico le observa, en una clínica certificada. El "
            "calendario habitual es dos veces por semana durante 4 semanas, luego una vez por "
            "semana y después una vez por semana o cada 2 semanas.\n"
            "- Después de la esketamina se le vigila **al menos 2 horas**, y no debe manejar ni "
            "usar maquinaria hasta el día siguiente, después de una noche de sueño.\n"
            "- **No en casa**: en octubre de 2023, la FDA advirtió sobre la ketamina preparada "
            "en farmacias de compuestos (incluidas pastillas o tabletas para disolver en la "
            "boca que se toman en casa) para problemas de salud mental. Estos productos no están "
            "aprobados por la FDA, y en casa no hay ningún profesional de la salud para vigilar "
            "si surgen problemas.\n\n"
            "Organícese para que alguien le lleve a casa después de cualquiera de los dos "
            "tratamientos."
        ),
        "antidepressant": (
            "Una pastilla (o a veces un líquido) que se toma **en casa todos los días**. Quien "
            "se lo receta puede ajustar la dosis durante las primeras semanas, y en las visitas "
            "de seguimiento se revisa si funciona y si hay efectos secundarios.\n\n"
            "Las guías aconsejan seguir tomándolo **de 6 a 12 meses** después de que los "
            "síntomas se calmen, y más tiempo en las personas con más riesgo de recaída. No hace "
            "falta un periodo de observación, aunque algunos antidepresivos pueden dar sueño."
        ),
    },
    "side_effects": {
        "english_title": "Common side effects",
        "title": "Efectos secundarios frecuentes",
        "summary": (
            "Después de una dosis de ketamina, la mayoría de las personas se siente aturdida "
            "por un rato, muchas sienten sueño y la presión arterial sube. Los antidepresivos "
            "pueden causar náuseas, problemas sexuales o un ánimo apagado."
        ),
        "ketamine": (
            "- **Durante la sesión y poco después** (por lo general pasan dentro del tiempo de "
            "vigilancia):\n"
            "  - **Disociación** en la mayoría de las personas: sentirse desconectado de uno "
            "mismo, de sus pensamientos y sentimientos, o del tiempo y el espacio. En los "
            "ensayos de la esketamina la tuvo entre el 61% y el 84%, frente al 5% a 16% con "
            "placebo.\n"
            "  - **Sueño (sedación)**: alrededor de la mitad de las personas en los ensayos de "
            "la esketamina (del 48% al 61%).\n"
            "  - **Subida de la presión arterial** con cada dosis (vea Precauciones), y a menudo "
            "mareo y náuseas.\n"
            "- Otros efectos reportados: ansiedad, dolor de cabeza, visión borrosa, vómitos, "
            "sensación de embriaguez.\n"
            "- **Advertencia de recuadro** (la advertencia más fuerte de la FDA): la de la "
            "esketamina incluye la sedación, la disociación, la depresión respiratoria "
            "(respiración lenta), el abuso y el uso indebido y, como con otros antidepresivos, "
            "los pensamientos y conductas suicidas en personas jóvenes.\n"
            "- Se ha reportado **inflamación de la vejiga** (cistitis, una vejiga irritada e "
            "inflamada), sobre todo con el uso indebido prolongado o el uso no médico.\n"
            "- Los efectos a largo plazo del tratamiento repetido no se han estudiado bien."
        ),
        "antidepressant": (
            "- **Frecuentes**: náuseas o vómitos, diarrea, sueño y problemas sexuales (menos "
            "deseo, dificultad con la excitación o el orgasmo).\n"
            "- **Aumento de peso** con algunos medicamentos.\n"
            "- **Embotamiento emocional** (sentirse apagado o insensible): en una encuesta "
            "grande, casi la mitad de las personas que tomaban antidepresivos para la depresión "
            "lo reportó.\n"
            "- **Advertencia de recuadro**: mayor riesgo de pensamientos y conductas suicidas "
            "en niños, adolescentes y adultos jóvenes menores de 25 años, así que a toda persona "
            "que empieza el tratamiento se le vigila de cerca, sobre todo en los primeros "
            "meses.\n\n"
            "Dejarlos de golpe también puede causar síntomas; vea Precauciones."
        ),
    },
}

TOPICS.update(
    {
        "considered_for": {
            "english_title": "Who it is usually considered for",
            "title": "Para quién se suele considerar",
            "summary": (
                "La ketamina es sobre todo para personas que probaron dos o más antidepresivos "
                "que no les ayudaron lo suficiente. Para la mayoría, el primer paso es la "
                "terapia de conversación, una pastilla o las dos cosas."
            ),
            "ketamine": (
                "Adultos con depresión mayor que **no ha mejorado lo suficiente después de al "
                "menos dos pruebas adecuadas con antidepresivos** (lo que a menudo se llama "
                "depresión resistente al tratamiento). No es un primer tratamiento para la "
                "depresión: un grupo de expertos canadiense situó la ketamina intravenosa como "
                "una opción de tercera línea para este grupo.\n\n"
                "Desde 2020, la esketamina también está aprobada, junto con un antidepresivo "
                "oral, para adultos con depresión mayor que tienen pensamientos o conductas "
                "suicidas agudos, además de su otra atención. No se ha demostrado que prevenga "
                "el suicidio ni que reduzca los pensamientos o conductas suicidas, y no "
                "reemplaza una hospitalización cuando hace falta."
            ),
            "antidepressant": (
                "Los antidepresivos, solos o junto con terapia de conversación (psicoterapia), "
                "son **tratamientos de primera línea** para los adultos con depresión mayor; en "
                "la depresión más leve, se puede ofrecer primero solo psicoterapia.\n\n"
                "Si el primer medicamento no ayuda lo suficiente, los siguientes pasos "
                "habituales son ajustar la dosis, cambiar de medicamento o agregar otro "
                "tratamiento. En el gran estudio STAR*D, alrededor del 37% de las personas llegó "
                "a la remisión (pocos síntomas o ninguno) con el primer medicamento. Los autores "
                "calcularon que el 67% había llegado a la remisión después de hasta cuatro "
                "pasos, una cifra que supone que quienes dejaron el estudio habrían mejorado "
                "igual que quienes se quedaron.\n\n"
                "Un nuevo análisis de 2023 que siguió el plan original del estudio encontró "
                "alrededor del 35%. Los autores originales respondieron que ese análisis dejó "
                "fuera a 941 pacientes que ellos sí contaron, y que su cifra se mantiene. En "
                "cualquier caso, cada paso siguiente ayudó a menos personas."
            ),
        },
        "cautions": {
            "english_title": "Cautions",
            "title": "Precauciones",
            "summary": (
                "La ketamina requiere cuidado si ha tenido psicosis o manía, tiene problemas del "
                "corazón o de presión arterial, consume drogas o bebe demasiado, o está "
                "embarazada. Los antidepresivos requieren cuidado con la manía, con algunas "
                "mezclas de medicamentos y al dejarlos."
            ),
            "ketamine": (
                "Su profesional clínico revisará con atención:\n\n"
                "- **Psicosis** (como la esquizofrenia) **o trastorno bipolar**, ahora o en el "
                "pasado: primero requieren una evaluación psiquiátrica cuidadosa.\n"
                "- **Presión arterial y corazón**: la esketamina sube la presión arterial con "
                "cada dosis. La subida llega a su punto más alto unos 40 minutos después de la "
                "dosis y dura unas 4 horas. En los ensayos, entre el 8% y el 19% de las personas "
                "con esketamina (del 1% al 4% con placebo) tuvo al menos una vez una subida "
                "grande en las primeras 4 semanas: 40 puntos o más en el número de arriba, o 25 "
                "o más en el de abajo. La presión se mide antes de cada dosis y otra vez unos 40 "
                "minutos después. La esketamina no debe usarse cuando una subida de la presión "
                "sería un peligro grave, y la presión alta sin controlar, o las enfermedades del "
                "corazón y de los vasos sanguíneos, se revisan con cuidado primero.\n"
                "- **Aneurisma, una conexión anormal entre arterias y venas (MAV) o un sangrado "
                "en el cerebro en el pasado**: no debe usarse la esketamina.\n"
                "- **Embarazo o lactancia**: no se recomienda la esketamina.\n"
                "- **Problemas con el alcohol o las drogas**, actuales o pasados, por el riesgo "
                "de uso indebido.\n"
                "- **Otros medicamentos**: las benzodiazepinas, y posiblemente la lamotrigina, "
                "pueden debilitar el efecto de la ketamina (la evidencia es limitada); los "
                "sedantes aumentan la somnolencia, y los estimulantes o los inhibidores de la "
                "MAO (un tipo antiguo de antidepresivo) pueden subir aún más la presión."
            ),
            "antidepressant": (
                "Quien se lo receta revisará:\n\n"
                "- **Trastorno bipolar**: un antidepresivo puede desencadenar una manía, así que "
                "primero se hace una evaluación.\n"
                "- **Inhibidores de la MAO**: no deben combinarse con la mayoría de los otros "
                "antidepresivos, y al cambiar de uno a otro hace falta un intervalo (a menudo de "
                "al menos 2 semanas).\n"
                "- **Síndrome serotoninérgico**: una reacción rara pero grave (agitación, "
                "fiebre, latidos rápidos, músculos rígidos o con sacudidas) cuando se combinan "
                "medicamentos que suben la serotonina, por ejemplo con algunos medicamentos para "
                "la migraña (triptanes).\n"
                "- **Edad**: la advertencia de recuadro sobre los pensamientos suicidas se "
                "aplica a personas de hasta 24 años; a cualquiera que empiece el tratamiento o "
                "cambie de dosis se le debe vigilar por si empeora su estado de ánimo.\n"
                "- **Dejarlos de golpe**: puede causar síntomas de retirada como mareo, "
                "irritabilidad, ansiedad, dolor de cabeza, hormigueo o problemas para dormir, "
                "así que la forma de dejarlos se planea con quien los receta."
            ),
        },
        "evidence": {
            "english_title": "Evidence and regulatory status",
            "title": "Evidencia y situación regulatoria",
            "summary": (
                "El aerosol de esketamina tiene aprobación de la FDA para la depresión difícil "
                "de tratar, solo en clínicas certificadas. La ketamina intravenosa no la tiene, "
                "y la prueba a su favor es más débil."
            ),
            "ketamine": (
                "- **La esketamina (Spravato)** fue aprobada por la FDA en 2019, junto con un "
                "antidepresivo oral, para la depresión resistente al tratamiento en adultos. "
                "Desde 2020 también está aprobada, con un antidepresivo oral, para los síntomas "
                "depresivos de adultos con depresión mayor y pensamientos o conductas suicidas "
                "agudos. En enero de 2025, la FDA la aprobó **sola** (sin antidepresivo oral) "
                "para la depresión resistente al tratamiento.\n"
                "- Solo se administra en centros de salud certificados, dentro de un programa "
                "de seguridad de la FDA (REMS, una estrategia de evaluación y mitigación de "
                "riesgos). El programa ahora exige que haya un profesional que receta en el "
                "lugar durante cada dosis y la vigilancia posterior, y personal con un oxímetro "
                "de pulso (una pinza en el dedo que mide el oxígeno) para revisar la "
                "respiración. Se le vigila **al menos 2 horas**, hasta que hayan pasado la "
                "sedación, la disociación y cualquier problema para respirar.\n"
                "- Su **advertencia de recuadro** ahora menciona la depresión respiratoria "
                "(respiración lenta), además de la sedación, la disociación, el abuso y el uso "
                "indebido, y los pensamientos suicidas en personas jóvenes.\n"
                "- En el ensayo de 4 semanas en que se basó su aprobación (TRANSFORM-2, adultos "
                "menores de 65 años), la esketamina con un antidepresivo oral nuevo bajó las "
                "puntuaciones de depresión (MADRS, una escala de 0 a 60) unos 4 puntos más que "
                "un aerosol de placebo con un antidepresivo oral nuevo: un beneficio promedio "
                "real pero moderado. En el mismo tipo de ensayo en adultos de 65 años o más "
                "(TRANSFORM-3), la diferencia fue de unos 3.6 puntos y no llegó a ser "
                "estadísticamente significativa, así que ese ensayo no alcanzó su objetivo "
                "principal.\n"
                "- **La ketamina intravenosa** está aprobada por la FDA como anestésico; usarla "
                "para la depresión es un uso **fuera de lo aprobado** («off-label»). Los "
                "ensayos controlados muestran un beneficio a corto plazo de una sola infusión, "
                "pero la mayoría fueron pequeños y breves. La evidencia de las infusiones "
                "repetidas o de mantenimiento es débil (vea Cuánto dura el beneficio).\n"
                "- En octubre de 2023, la FDA advirtió que la ketamina no está aprobada por la "
                "FDA para ningún problema de salud mental, y que los productos de ketamina "
                "preparados en farmacias de compuestos, incluidos los que se toman en casa, no "
                "han sido revisados por la FDA en cuanto a seguridad, eficacia ni calidad."
            ),
            "antidepressant": (
                "- Los antidepresivos cuentan con mucha evidencia. Un análisis de 2018 de 522 "
                "ensayos, con unos 116,000 adultos con depresión mayor, encontró que los 21 "
                "antidepresivos estudiados funcionaron mejor que el placebo a corto plazo.\n"
                "- El beneficio promedio frente al placebo fue modesto, y los medicamentos se "
                "diferenciaron algo en qué tan bien funcionaron y qué tan bien los toleraron "
                "las personas."
            ),
        },
    }
)
